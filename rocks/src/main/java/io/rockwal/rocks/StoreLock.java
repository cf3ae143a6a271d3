package io.rockwal.rocks;

import io.rockwal.core.EventLogIOException;
import io.rockwal.core.EventLogInUseException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * rockwal's own exclusive lock on a store directory, the file {@value #FILE_NAME}, held while a log is
 * open. RocksDB locks its directory too, but it reports a held lock only in message text; this lock
 * tells "in use" apart from other I/O errors, within this process and across processes. The file is
 * never deleted (deleting lock files races with a concurrent open).
 */
final class StoreLock implements AutoCloseable {

    static final String FILE_NAME = "rockwal.lock";

    /**
     * How often an exclusive lock is tried before the store counts as in use. A reader's probe
     * ({@link #isHeld}) holds a shared lock for microseconds; without retries, a log opened at that
     * instant would be refused as in use. Twenty tries 5 ms apart outlast any probe.
     */
    private static final int ACQUIRE_ATTEMPTS = 20;
    private static final long RETRY_MILLIS = 5;

    private final FileChannel channel;
    private final FileLock lock;

    private StoreLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static StoreLock acquire(Path dir, boolean ownerOnly) {
        Path file = dir.resolve(FILE_NAME);
        FileChannel channel;
        try {
            channel = ownerOnly
                    ? FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new EventLogIOException("cannot open the lock file " + file + ": " + e, e, false);
        }
        try {
            OverlappingFileLockException overlap = null;
            for (int attempt = 1; attempt <= ACQUIRE_ATTEMPTS; attempt++) {
                try {
                    FileLock lock = channel.tryLock();
                    if (lock != null) {
                        return new StoreLock(channel, lock);
                    }
                } catch (OverlappingFileLockException e) {
                    overlap = e;
                }
                if (attempt < ACQUIRE_ATTEMPTS) {
                    pause();
                }
            }
            closeQuietly(channel);
            throw new EventLogInUseException(dir.toString(), overlap);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new EventLogIOException("cannot lock " + file + ": " + e, e, false);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /**
     * Whether an open log holds the directory. Probes the lock file with a shared lock, which creates
     * nothing: a missing lock file means no log ever held the directory.
     *
     * @throws EventLogIOException if the lock file exists but cannot be probed
     */
    static boolean isHeld(Path dir) {
        try (FileChannel channel = FileChannel.open(dir.resolve(FILE_NAME), StandardOpenOption.READ)) {
            FileLock probe = channel.tryLock(0, Long.MAX_VALUE, true);
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new EventLogIOException("cannot probe the lock of " + dir + ": " + e, e, false);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the store lock", e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the lock was not taken; nothing depends on this channel
        }
    }
}
