package io.rockwal.rocks;

import io.rockwal.core.EntryHandler;
import io.rockwal.core.EventLogIOException;
import io.rockwal.core.LsnMetadata;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.rocksdb.RocksDBException;

/**
 * A read-only view of a store, safe to open while a node has the store open for writing: it never
 * writes to the store's directory.
 *
 * <p>If no log holds the directory, the store is opened read-only: a fixed view of what was on disk.
 * If a log holds it, the reader opens a RocksDB secondary instance, which follows the writer only when
 * told to: {@link #catchUp()} reads what the writer has flushed since and says how far it got. The
 * secondary instance keeps its own small info log in a temporary directory, deleted on close.
 *
 * <p>Entries a writer has not flushed yet are invisible to a reader. Not thread-safe: one thread at a
 * time.
 */
public final class RocksEventLogReader implements AutoCloseable {

    /** How the reader opened the store. */
    public enum Mode {
        /** No writer held the store: a fixed view of it. */
        READ_ONLY,
        /** A writer holds the store: a secondary instance that follows it on {@link #catchUp()}. */
        SECONDARY
    }

    private final RocksResources resources;
    private final Mode mode;
    private final Path secondaryDir;
    private StoreState state;
    private LogReader reader;
    private int formatVersion;
    private boolean closed;

    private RocksEventLogReader(RocksResources resources, Mode mode, Path secondaryDir) {
        this.resources = resources;
        this.mode = mode;
        this.secondaryDir = secondaryDir;
        load();
    }

    /**
     * Opens the store in {@code dir} for reading, read-only or as a secondary instance (see above).
     *
     * @throws EventLogIOException if there is no rockwal store in {@code dir} or it cannot be read
     * @throws io.rockwal.core.IncompatibleFormatException if a newer rockwal wrote it
     * @throws io.rockwal.core.EventLogCorruptedException if its metadata is damaged
     */
    public static RocksEventLogReader open(Path dir) {
        Path store = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
        if (!Files.isDirectory(store)) {
            throw new EventLogIOException("no rockwal store in " + store + ": no such directory", null, false);
        }
        Mode mode = isHeldByAWriter(store) ? Mode.SECONDARY : Mode.READ_ONLY;
        Path secondaryDir = null;
        RocksResources resources = null;
        try {
            if (mode == Mode.SECONDARY) {
                secondaryDir = Files.createTempDirectory("rockwal-reader-");
            }
            Path ownDir = secondaryDir;
            resources = retryingIoErrors(mode, () -> RocksResources.openForReading(store, mode == Mode.SECONDARY
                    ? RocksResources.Mode.SECONDARY : RocksResources.Mode.READ_ONLY, ownDir));
            return new RocksEventLogReader(resources, mode, secondaryDir);
        } catch (IOException e) {
            throw new EventLogIOException("cannot create a temporary directory for reading " + store + ": " + e, e, false);
        } catch (RuntimeException | Error e) {
            if (resources != null) {
                try {
                    resources.close();
                } catch (RuntimeException closeFailure) {
                    e.addSuppressed(closeFailure);
                }
            }
            deleteQuietly(secondaryDir);
            throw e;
        }
    }

    /**
     * Whether an open log holds the directory. Probes rockwal's lock file with a shared lock, which
     * creates nothing: a missing lock file means no log ever held the directory.
     */
    private static boolean isHeldByAWriter(Path dir) {
        try (FileChannel channel = FileChannel.open(dir.resolve(StoreLock.FILE_NAME), StandardOpenOption.READ)) {
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

    /**
     * Runs {@code step}, retrying an I/O error a few times for a secondary instance: the writer deletes
     * table and log files as it flushes and compacts, and a secondary that read the file list just
     * before can find one gone. A fresh attempt reads the new list. Other failures, and a read-only
     * view's, are thrown at once.
     */
    private static <T> T retryingIoErrors(Mode mode, java.util.function.Supplier<T> step) {
        int attempts = mode == Mode.SECONDARY ? SECONDARY_ATTEMPTS : 1;
        for (int attempt = 1; ; attempt++) {
            try {
                return step.get();
            } catch (EventLogIOException e) {
                if (attempt >= attempts || e instanceof io.rockwal.core.EventLogInUseException) {
                    throw e;
                }
                try {
                    Thread.sleep(20L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static final int SECONDARY_ATTEMPTS = 5;

    /** How the store was opened. */
    public Mode mode() {
        return mode;
    }

    /** The store's directory, absolute. */
    public Path directory() {
        return resources.dir();
    }

    /**
     * Reads what the writer flushed since the last catch-up (a secondary instance; a read-only view
     * does not change) and reloads the metadata.
     *
     * @return the LSN state now visible; its last flushed LSN says how far the reader got
     */
    public LsnMetadata catchUp() {
        checkOpen();
        if (mode == Mode.SECONDARY) {
            retryingIoErrors(mode, () -> {
                try {
                    resources.db().tryCatchUpWithPrimary();
                } catch (RocksDBException e) {
                    throw RocksErrors.map(e, "catching up with the writer", resources.dir(), null);
                }
                return null;
            });
            load();
        }
        return state.lsnState();
    }

    /** The LSN state as of the last catch-up (or open). Nothing is buffered for a reader: current = last flushed. */
    public LsnMetadata metadata() {
        checkOpen();
        return state.lsnState();
    }

    /** The checkpoints as of the last catch-up, oldest first. */
    public List<Long> checkpoints() {
        checkOpen();
        return state.checkpoints();
    }

    /** Every entry type with a column family in the store. */
    public List<WalType> types() {
        checkOpen();
        return resources.typeColumns().stream().map(TypeColumn::type).toList();
    }

    /** Column families that are neither entry types nor the store's own. */
    public List<String> foreignColumnFamilies() {
        checkOpen();
        return List.copyOf(resources.foreignColumnFamilies());
    }

    /** The store format version found on disk (never newer than this build reads: open refuses those). */
    public int formatVersion() {
        checkOpen();
        return formatVersion;
    }

    /** How many entries of the type are visible to this reader; two seeks, as {@link io.rockwal.core.EventLog#count}. */
    public long count(WalType type) {
        checkOpen();
        return reader.count(Objects.requireNonNull(type, "type"));
    }

    /** As {@link io.rockwal.core.EventLog#get(long)}, for the flushed entries visible to this reader. */
    public Optional<WalEntry> get(long lsn) {
        checkOpen();
        return reader.get(lsn);
    }

    /** The entry of the type with the highest LSN visible to this reader. */
    public Optional<WalEntry> last(WalType type) {
        checkOpen();
        return reader.last(Objects.requireNonNull(type, "type"));
    }

    /**
     * Calls the handler with every visible entry of one type ({@code type} non-null) or of all types,
     * from {@code fromLsn} on, in LSN order.
     *
     * @throws io.rockwal.core.ReplayAbortedException if the handler throws
     * @throws io.rockwal.core.EventLogCorruptedException at the first damaged entry
     */
    public void replay(WalType typeOrNull, long fromLsn, EntryHandler handler) {
        checkOpen();
        Objects.requireNonNull(handler, "handler");
        reader.replay(typeOrNull, fromLsn, handler);
    }

    /**
     * Reads every block of every table file and checks its checksum, also the blocks no read needs
     * (filters, indexes, entries below the first retained LSN). Slow: reads the whole store once.
     *
     * @throws io.rockwal.core.EventLogCorruptedException if a checksum does not match; RocksDB's message
     *     names the file
     * @throws EventLogIOException if the files cannot be read
     */
    public void verifyChecksums() {
        checkOpen();
        try {
            resources.db().verifyChecksum();
        } catch (RocksDBException e) {
            throw RocksErrors.map(e, "verifying table checksums", resources.dir(), null);
        }
    }

    /** Releases the database and deletes the secondary instance's temporary directory. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            resources.close();
        } finally {
            deleteQuietly(secondaryDir);
        }
    }

    /**
     * Reads the metadata, then takes the last flushed LSN as the higher of what the metadata says and
     * the highest LSN stored in any type. A secondary instance can serve an older value of a key the
     * writer overwrote (RocksDB issue 15051), and the metadata's {@code state} is overwritten by every
     * flush; entry keys are written once, so the data cannot lag that way, and a flush is atomic, so no
     * entry is visible without the whole batch before it.
     */
    private void load() {
        StoreState read = StoreState.read(resources);
        formatVersion = MetadataCodec.decodeFormat(readMeta(MetadataCodec.FORMAT_KEY));
        LsnMetadata recorded = read.lsnState();
        long highestStored = StoreState.highestStoredLsn(resources, recorded.firstRetainedLsn());
        long lastFlushed = Math.max(recorded.lastFlushedLsn(), highestStored);
        LsnMetadata visible = new LsnMetadata(lastFlushed, lastFlushed, recorded.lastUpdatedMillis(),
                Math.min(recorded.firstRetainedLsn(), lastFlushed + 1));
        state = new StoreState(visible, read.checkpoints(), read.lastOrdinals());
        reader = new LogReader(resources, new FixedState(visible));
    }

    private byte[] readMeta(byte[] key) {
        try {
            return resources.db().get(resources.metaHandle(), key);
        } catch (RocksDBException e) {
            throw RocksErrors.map(e, "reading the metadata", resources.dir(), MetadataCodec.COLUMN_FAMILY);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new io.rockwal.core.EventLogClosedException(resources.dir() + " (reader)");
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // a leftover temporary directory costs a few kilobytes; nothing to report it to
        }
    }

    /** The read state of a reader: what the metadata said at the last catch-up; nothing buffered. */
    private record FixedState(LsnMetadata metadata) implements ReadState {
        @Override
        public long firstRetainedLsn() {
            return metadata.firstRetainedLsn();
        }

        @Override
        public long lastFlushedLsn() {
            return metadata.lastFlushedLsn();
        }

        @Override
        public long lastLsn() {
            return metadata.lastFlushedLsn();
        }

        @Override
        public LogWriter.Pending buffered(long lsn) {
            return null;
        }

        @Override
        public LogWriter.View openView() {
            return new LogWriter.View(null, metadata.firstRetainedLsn(), metadata.lastFlushedLsn(), List.of());
        }
    }
}
