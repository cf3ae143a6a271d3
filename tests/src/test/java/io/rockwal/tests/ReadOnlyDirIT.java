package io.rockwal.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.rockwal.core.EventLogIOException;
import io.rockwal.rocks.RocksEventLog;
import io.rockwal.rocks.RocksEventLogReader;
import io.rockwal.testkit.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store whose directory cannot be written: a read-only mount (root ignores permission bits, so this
 * is how it is tested as root) or, for another user, a directory of mode {@code r-x------}.
 *
 * <p>Decided and checked: {@link RocksEventLog#open} fails at once with an {@link EventLogIOException}
 * that names the directory and says it is not writable, before anything is created; and a
 * {@link RocksEventLogReader} opens such a store read-only and reads it, since reading needs no write
 * (this is how an operator inspects a store copied to read-only media or mounted read-only after an
 * incident).
 */
class ReadOnlyDirIT {

    private static final List<String> FIGURES = new ArrayList<>();

    @TempDir
    Path dir;

    @Test
    void openingAStoreOnAReadOnlyMountFailsNamingTheDirectoryWhileAReaderStillReadsIt() throws Exception {
        Path mount = DiskFullIT.mountTmpfs(dir.resolve("mnt"), "16m");
        try {
            Path store = mount.resolve("store");
            writeStore(store, 40);
            remount(mount, "ro");
            try {
                EventLogIOException failure =
                        catchThrowableOfType(EventLogIOException.class, () -> RocksEventLog.open(store, 0));
                assertThat(failure).isNotNull();
                assertThat(failure.getMessage()).contains(store.toString()).contains("not writable");
                Path missing = mount.resolve("new-store");
                EventLogIOException creating =
                        catchThrowableOfType(EventLogIOException.class, () -> RocksEventLog.open(missing, 0));
                assertThat(creating).isNotNull();
                assertThat(creating.getMessage()).contains(missing.toString());
                try (RocksEventLogReader reader = RocksEventLogReader.open(store)) {
                    assertThat(reader.mode()).isEqualTo(RocksEventLogReader.Mode.READ_ONLY);
                    assertThat(reader.metadata().lastFlushedLsn()).isEqualTo(40);
                    assertThat(reader.get(40)).isPresent();
                }
                FIGURES.add("read-only mount: open fails with \"" + failure.getMessage() + "\"; a new store there: \""
                        + creating.getMessage() + "\"; a reader reads all 40 entries");
            } finally {
                remount(mount, "rw");
            }
        } finally {
            DiskFullIT.unmount(mount);
        }
    }

    @Test
    void openingAStoreInADirectoryWithoutWritePermissionFailsNamingTheDirectory() throws Exception {
        Assumptions.assumeFalse(
                "root".equals(System.getProperty("user.name")),
                "root ignores permission bits; the read-only mount test covers root");
        Path store = dir.resolve("store");
        writeStore(store, 10);
        Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("r-x------"));
        try {
            EventLogIOException failure =
                    catchThrowableOfType(EventLogIOException.class, () -> RocksEventLog.open(store, 0));
            assertThat(failure).isNotNull();
            assertThat(failure.getMessage()).contains(store.toString()).contains("not writable");
            try (RocksEventLogReader reader = RocksEventLogReader.open(store)) {
                assertThat(reader.get(10)).isPresent();
            }
            FIGURES.add("mode r-x------: open fails with \"" + failure.getMessage() + "\"; a reader reads it");
        } finally {
            Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private static void writeStore(Path store, int entries) {
        try (RocksEventLog log = RocksEventLog.open(store, 0)) {
            for (int seed = 1; seed <= entries; seed++) {
                log.write(SampleEvents.of(seed));
            }
        }
    }

    private static void remount(Path mount, String mode) throws Exception {
        Process process = new ProcessBuilder("mount", "-o", "remount," + mode, mount.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor()).as("remount %s: %s", mode, output).isZero();
    }

    @AfterAll
    static void printSummary() {
        System.out.println("read-only directory: " + (FIGURES.isEmpty() ? "skipped" : String.join("; ", FIGURES)));
    }
}
