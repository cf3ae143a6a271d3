package io.rockwal.rocks;

import io.rockwal.core.EventLogIOException;
import io.rockwal.core.EventLogInUseException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;

/**
 * rockwal's own exclusive lock on a store directory, the file {@value #FILE_NAME}, held while a log is
 * open. RocksDB locks its directory too, but it reports a held lock only in message text; this lock
 * tells "in use" apart from other I/O errors, within this process and across processes. The file is
 * never deleted (deleting lock files races with a concurrent open).
 *
 * <p>File locks belong to the process, and closing any channel on the lock file drops every lock the
 * process holds on it. So this process never opens the file of a directory it holds: the directories
 * held here are kept in {@link #HELD}, and every channel this class opens or closes does so under that
 * set's monitor, which makes a probe and an acquire in two threads of one process exclusive.
 */
final class StoreLock implements AutoCloseable {

    static final String FILE_NAME = "rockwal.lock";

    /**
     * How often an exclusive lock is tried before the store counts as in use. Another process's probe
     * ({@link #isHeld}) holds a shared lock for microseconds; without retries, a log opened at that
     * instant would be refused as in use. Twenty tries 5 ms apart outlast any probe.
     */
    private static final int ACQUIRE_ATTEMPTS = 20;

    private static final long RETRY_MILLIS = 5;

    /** Real paths of the directories this process holds; guarded by its own monitor. */
    private static final Set<Path> HELD = new HashSet<>();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private StoreLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    static StoreLock acquire(Path dir, boolean ownerOnly) {
        Path file = dir.resolve(FILE_NAME);
        Path key = key(dir);
        try {
            for (int attempt = 1; attempt <= ACQUIRE_ATTEMPTS; attempt++) {
                StoreLock taken = tryAcquire(dir, key, file, ownerOnly);
                if (taken != null) {
                    return taken;
                }
                if (attempt < ACQUIRE_ATTEMPTS) {
                    pause();
                }
            }
        } catch (IOException e) {
            throw new EventLogIOException("cannot lock " + file + ": " + e, e, false);
        }
        throw new EventLogInUseException(dir.toString(), null);
    }

    /** One attempt: the lock, or null when another process holds it. */
    private static StoreLock tryAcquire(Path dir, Path key, Path file, boolean ownerOnly) throws IOException {
        synchronized (HELD) {
            if (HELD.contains(key)) {
                throw new EventLogInUseException(dir.toString(), null);
            }
            FileChannel channel = open(file, ownerOnly);
            try {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    HELD.add(key);
                    return new StoreLock(key, channel, lock);
                }
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            // this process holds no lock on the file (HELD says so), so closing drops nobody's lock
            channel.close();
            return null;
        }
    }

    private static FileChannel open(Path file, boolean ownerOnly) {
        try {
            return ownerOnly
                    ? FileChannel.open(
                            file,
                            Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new EventLogIOException("cannot open the lock file " + file + ": " + e, e, false);
        }
    }

    /**
     * Whether an open log holds the directory, in this process or another. A directory this process
     * holds is answered from {@link #HELD}; any other is probed with a shared lock on the lock file,
     * which creates nothing: a missing lock file means no log ever held the directory.
     *
     * @throws EventLogIOException if the lock file exists but cannot be probed
     */
    static boolean isHeld(Path dir) {
        synchronized (HELD) {
            if (HELD.contains(key(dir))) {
                return true;
            }
            try (FileChannel channel = FileChannel.open(dir.resolve(FILE_NAME), StandardOpenOption.READ)) {
                FileLock probe = channel.tryLock(0, Long.MAX_VALUE, true);
                if (probe == null) {
                    return true;
                }
                probe.release();
                return false;
            } catch (NoSuchFileException e) {
                return false;
            } catch (IOException e) {
                throw new EventLogIOException("cannot probe the lock of " + dir + ": " + e, e, false);
            }
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (HELD) {
            try {
                lock.release();
            } finally {
                try {
                    channel.close();
                } finally {
                    HELD.remove(key);
                }
            }
        }
    }

    /** The directory's real path, so that two spellings of one directory (a symlink, "..") meet. */
    private static Path key(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir.toAbsolutePath().normalize();
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
}
