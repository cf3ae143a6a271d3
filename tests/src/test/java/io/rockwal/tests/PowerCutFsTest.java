package io.rockwal.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pcutfs itself: after a cut, exactly what was not made durable is gone, in each mode. */
class PowerCutFsTest {

    @TempDir
    Path dir;

    private PowerCutFs fs;
    private Path backing;
    private Path mnt;

    @BeforeEach
    void mount() throws Exception {
        assumeTrue(PowerCutFs.unavailable() == null, PowerCutFs.unavailable());
        backing = dir.resolve("backing");
        mnt = dir.resolve("mnt");
        fs = PowerCutFs.mount(backing, mnt);
    }

    @AfterEach
    void unmount() throws Exception {
        if (fs != null) {
            fs.close();
        }
    }

    @Test
    void dropLosesExactlyTheUnsyncedTailAndTheUnsyncedEntries() throws Exception {
        byte[] synced = bytes(10_000, 1);
        byte[] unsynced = bytes(5_000, 2);
        Path file = mnt.resolve("data");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(synced));
            channel.force(false);
            channel.write(ByteBuffer.wrap(unsynced));
        }
        Files.createDirectory(mnt.resolve("dir"));
        syncDir(mnt);
        Files.writeString(mnt.resolve("never-synced"), "gone");
        Files.writeString(mnt.resolve("dir").resolve("file-in-unsynced-dir"), "gone");
        assertThat(Files.size(file)).isEqualTo(15_000);

        String report = fs.cut(PowerCutFs.Mode.DROP, 1);
        assertThatThrownBy(() -> Files.size(file))
                .as("nothing is served after a cut")
                .isInstanceOf(IOException.class);
        fs.close();

        assertThat(report).contains("mode=drop").contains("dropped_bytes=").contains("entries_undone=2");
        assertThat(Files.readAllBytes(backing.resolve("data"))).isEqualTo(synced);
        assertThat(backing.resolve("never-synced")).doesNotExist();
        assertThat(backing.resolve("dir")).isDirectory();
        assertThat(backing.resolve("dir").resolve("file-in-unsynced-dir")).doesNotExist();
        assertThat(backing.resolve(".pcut-trash")).doesNotExist();
    }

    @Test
    void overwrittenDurableBytesComeBackAndUnlinksAndRenamesAreUndone() throws Exception {
        Path file = mnt.resolve("data");
        byte[] original = bytes(8_192, 3);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(original));
            channel.force(false);
            channel.write(ByteBuffer.wrap(bytes(100, 4)), 1_000);
            channel.truncate(500);
        }
        Files.writeString(mnt.resolve("kept"), "durable");
        Files.writeString(mnt.resolve("old"), "renamed");
        syncFile(mnt.resolve("kept"));
        syncFile(mnt.resolve("old"));
        syncDir(mnt);
        Files.delete(mnt.resolve("kept"));
        Files.move(mnt.resolve("old"), mnt.resolve("new"));
        assertThat(mnt.resolve("kept")).doesNotExist();

        fs.cut(PowerCutFs.Mode.DROP, 2);
        fs.close();

        assertThat(Files.readAllBytes(backing.resolve("data"))).isEqualTo(original);
        assertThat(Files.readString(backing.resolve("kept"))).isEqualTo("durable");
        assertThat(Files.readString(backing.resolve("old"))).isEqualTo("renamed");
        assertThat(backing.resolve("new")).doesNotExist();
    }

    @Test
    void tornAndGarbageKeepAPrefixOfTheUnsyncedTailOnly() throws Exception {
        for (PowerCutFs.Mode mode : new PowerCutFs.Mode[] {PowerCutFs.Mode.TORN, PowerCutFs.Mode.GARBAGE}) {
            byte[] synced = bytes(4_096, 5);
            byte[] unsynced = bytes(65_536, 6);
            Path file = mnt.resolve("data-" + mode);
            try (FileChannel channel =
                    FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(synced));
                channel.force(false);
                channel.write(ByteBuffer.wrap(unsynced));
            }
            syncDir(mnt);
            String report = fs.cut(mode, 7);
            fs.close();

            byte[] after = Files.readAllBytes(backing.resolve("data-" + mode));
            assertThat(after.length).isBetween(synced.length, synced.length + unsynced.length);
            assertThat(Arrays.copyOf(after, synced.length))
                    .as("the synced part is intact")
                    .isEqualTo(synced);
            byte[] kept = Arrays.copyOfRange(after, synced.length, after.length);
            if (mode == PowerCutFs.Mode.TORN) {
                assertThat(kept).isEqualTo(Arrays.copyOf(unsynced, kept.length));
                assertThat(report).contains("garbled_bytes=0");
            } else {
                assertThat(report).doesNotContain("garbled_bytes=0 ");
                assertThat(kept).isNotEqualTo(Arrays.copyOf(unsynced, kept.length));
            }
            fs = PowerCutFs.mount(backing, mnt);
        }
    }

    @Test
    void aFailedFsyncMakesNothingDurableAndALaterOneDoesNotBringItBack() throws Exception {
        Path file = mnt.resolve("data");
        byte[] first = bytes(1_000, 8);
        byte[] lost = bytes(1_000, 9);
        byte[] later = bytes(1_000, 10);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(first));
            channel.force(false);
            channel.write(ByteBuffer.wrap(lost));
            fs.command("fsync-error once");
            assertThatThrownBy(() -> channel.force(false)).isInstanceOf(IOException.class);
            channel.write(ByteBuffer.wrap(later));
            channel.force(false);
        }
        syncDir(mnt);
        assertThat(fs.status()).contains("faults=1");
        fs.cut(PowerCutFs.Mode.DROP, 3);
        fs.close();

        byte[] after = Files.readAllBytes(backing.resolve("data"));
        assertThat(after).hasSize(3_000);
        assertThat(Arrays.copyOfRange(after, 0, 1_000)).isEqualTo(first);
        assertThat(Arrays.copyOfRange(after, 1_000, 2_000))
                .as("lost by the failed fsync")
                .containsOnly(0);
        assertThat(Arrays.copyOfRange(after, 2_000, 3_000)).isEqualTo(later);
    }

    @Test
    void injectedWriteAndReadErrorsReachTheCaller() throws Exception {
        Path file = mnt.resolve("data");
        Files.write(file, bytes(10_000, 11));
        fs.command("read-error data 4096 10");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            assertThat(channel.read(ByteBuffer.allocate(100), 0)).isEqualTo(100);
            assertThatThrownBy(() -> channel.read(ByteBuffer.allocate(100), 4_090))
                    .isInstanceOf(IOException.class);
        }
        fs.command("read-error off");
        fs.command("write-error enospc");
        assertThatThrownBy(() -> Files.write(mnt.resolve("more"), bytes(10, 12)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("space");
        fs.command("write-error off");
        Files.write(mnt.resolve("more"), bytes(10, 12));
        assertThatThrownBy(() -> fs.command("no-such-command")).isInstanceOf(IOException.class);
    }

    static void syncDir(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static void syncFile(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private static byte[] bytes(int length, int seed) {
        byte[] bytes = new byte[length];
        new java.util.Random(seed).nextBytes(bytes);
        return bytes;
    }
}
