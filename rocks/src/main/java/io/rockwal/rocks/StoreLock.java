package io.rockwal.rocks;

import io.rockwal.core.EventLogIOException;
import io.rockwal.core.EventLogInUseException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
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
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new EventLogInUseException(dir.toString(), null);
            }
            return new StoreLock(channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new EventLogInUseException(dir.toString(), e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new EventLogIOException("cannot lock " + file + ": " + e, e, false);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
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

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the lock was not taken; nothing depends on this channel
        }
    }
}
