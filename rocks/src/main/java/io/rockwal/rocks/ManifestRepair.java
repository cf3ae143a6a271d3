package io.rockwal.rocks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

/**
 * Cuts a MANIFEST back to its last whole version edit when what follows is a torn one (format
 * invariant 12), keeping the cut bytes beside it, and puts them back if the open that asked for the
 * cut is refused after all.
 *
 * <p>RocksDB syncs each version edit before it applies it (before a flush's write-ahead log may go,
 * before a compaction's inputs may go). A power cut during that sync can leave the edit's record
 * partly written or ending in garbage; RocksDB then reads no column family from the file, without an
 * error, and the store would stay unopenable for good. An edit whose sync never returned was never
 * applied, so nothing depends on it: the files it would have added are unlisted (the open's check
 * still sees whether their entries are elsewhere) and the files it would have removed are all still
 * there. Damage with a whole record after it is not a torn tail and is never cut: the records after
 * it were synced later.
 *
 * <p>The cut bytes go to {@code <MANIFEST name>.torn-<offset>} in the store directory, owner-only,
 * synced before the MANIFEST is shortened, so the original file can always be put back together.
 * RocksDB ignores the file; nothing of rockwal reads it.
 */
final class ManifestRepair {

    private static final System.Logger LOG = System.getLogger(ManifestRepair.class.getName());

    private final Path manifest;
    private final Path kept;
    private final long cut;
    private final WalTail.ManifestDamage damage;

    private ManifestRepair(Path manifest, Path kept, WalTail.ManifestDamage damage) {
        this.manifest = manifest;
        this.kept = kept;
        this.cut = damage.cut();
        this.damage = damage;
    }

    /**
     * Cuts {@code damage.file()} at {@code damage.cut()}; the damage must be a torn tail.
     *
     * @throws IOException if the cut bytes cannot be kept or the file cannot be shortened; the
     *     MANIFEST is then as it was
     */
    static ManifestRepair cutTornTail(WalTail.ManifestDamage damage) throws IOException {
        if (!damage.isTornTail()) {
            throw new IllegalArgumentException("not a torn tail: " + damage.describe());
        }
        Path manifest = damage.file();
        Path dir = manifest.getParent();
        Path kept = dir.resolve(manifest.getFileName() + ".torn-" + damage.cut());
        byte[] whole = Files.readAllBytes(manifest);
        byte[] tail = Arrays.copyOfRange(whole, Math.toIntExact(damage.cut()), whole.length);
        Files.deleteIfExists(kept);
        Files.createFile(kept, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (FileChannel out = FileChannel.open(kept, StandardOpenOption.WRITE)) {
            writeFully(out, tail, 0);
            out.force(true);
        }
        Directories.sync(dir);
        try (FileChannel file = FileChannel.open(manifest, StandardOpenOption.WRITE)) {
            file.truncate(damage.cut());
            file.force(true);
        }
        LOG.log(
                System.Logger.Level.WARNING,
                "{0}: {1}; cut back to its last whole version edit at byte {2}, the " + "{3} bytes cut kept in {4}",
                dir,
                damage.describe(),
                damage.cut(),
                tail.length,
                kept.getFileName());
        return new ManifestRepair(manifest, kept, damage);
    }

    /** What was cut, for an error message or a log line. */
    String describe() {
        return damage.describe() + "; cut back to byte " + cut + ", the rest kept in " + kept.getFileName();
    }

    /**
     * Puts the cut bytes back, so a refused open leaves the MANIFEST as it found it. A failure to do
     * so is added to {@code refusal}, which names the file that keeps the bytes.
     */
    void undo(Throwable refusal) {
        try {
            byte[] tail = Files.readAllBytes(kept);
            try (FileChannel file = FileChannel.open(manifest, StandardOpenOption.WRITE)) {
                file.truncate(cut);
                writeFully(file, tail, cut);
                file.force(true);
            }
            Files.delete(kept);
            Directories.sync(manifest.getParent());
        } catch (IOException | RuntimeException e) {
            IOException failure = new IOException(
                    "could not put the " + manifest.getFileName() + " bytes from " + cut
                            + " back after the open was refused; they are in " + kept,
                    e);
            refusal.addSuppressed(failure);
        }
    }

    private static void writeFully(FileChannel channel, byte[] bytes, long position) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer, position + buffer.position());
        }
    }
}
