package io.rockwal.rocks;

import io.rockwal.core.EventLogIOException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.rocksdb.Checkpoint;
import org.rocksdb.RocksDBException;

/**
 * Writes a backup of an open store with a RocksDB checkpoint (hard links where the file system allows,
 * copies otherwise). With owner-only files the checkpoint is made inside an owner-only staging
 * directory next to the target and moved into place already restricted, so no other user can reach
 * its files at any moment.
 */
final class StoreBackup {

    private StoreBackup() {}

    /** @throws EventLogIOException if {@code target} exists or its parent does not */
    static void checkTarget(Path store, Path target) {
        if (Files.exists(target)) {
            throw new EventLogIOException(
                    "cannot back up " + store + " to " + target + ": it exists; choose a new directory", null, false);
        }
        Path parent = target.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new EventLogIOException(
                    "cannot back up " + store + " to " + target + ": its parent directory does not exist", null, false);
        }
    }

    /**
     * Writes the checkpoint of everything flushed so far into {@code target}; nothing is left there if
     * it fails.
     *
     * @throws EventLogIOException if the copy fails
     */
    static void write(StoreResources resources, Path target, boolean ownerOnly) {
        if (!ownerOnly) {
            checkpointInto(resources, target);
            syncParent(target);
            return;
        }
        Path staging = null;
        try {
            staging = Files.createTempDirectory(
                    target.getParent(),
                    ".rockwal-backup-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path copy = staging.resolve("store");
            checkpointInto(resources, copy);
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwx------"));
            Files.move(copy, target, StandardCopyOption.ATOMIC_MOVE);
            syncParent(target);
        } catch (IOException | UnsupportedOperationException e) {
            throw new EventLogIOException("backup to " + target + " failed: " + e, e, false);
        } finally {
            Directories.deleteQuietly(staging);
        }
    }

    /**
     * RocksDB fsyncs the checkpoint's own directory but not the entry that names it, so without this a
     * power cut after {@code backupTo} returned could leave no backup at all.
     */
    private static void syncParent(Path target) {
        try {
            Directories.sync(target.getParent());
        } catch (IOException e) {
            // a backup a power cut may take away is not reported as one; nothing is left, as promised
            Directories.deleteQuietly(target);
            throw new EventLogIOException(
                    "backup to " + target + " failed: its directory entry could not be made" + " durable (fsync of "
                            + target.getParent() + " failed): " + e,
                    e,
                    false);
        }
    }

    private static void checkpointInto(StoreResources resources, Path dir) {
        try (Checkpoint checkpoint = Checkpoint.create(resources.db())) {
            checkpoint.createCheckpoint(dir.toString());
        } catch (RocksDBException e) {
            throw resources.errors().map(e, "backup to " + dir, null);
        }
    }
}
