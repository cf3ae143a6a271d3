package io.rockwal.rocks;

import io.rockwal.core.EntryHandler;
import io.rockwal.core.Event;
import io.rockwal.core.EventCatalog;
import io.rockwal.core.EventLog;
import io.rockwal.core.EventLogException;
import io.rockwal.core.LsnMetadata;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDBException;

/**
 * An {@link EventLog} stored in RocksDB, one column family per entry type; the on-disk format is
 * described in the {@linkplain io.rockwal.rocks package documentation}.
 *
 * <p>Durability: a flush is one atomic RocksDB write of the buffered entries and the LSN metadata.
 * With {@link RocksEventLogOptions#syncOnFlush()} (the default) it returns after fsync, so a flushed
 * entry survives a process kill and a power loss; without, it survives a process kill only.
 *
 * <p>One open log per directory: a second open, in this process or another, throws
 * {@link io.rockwal.core.EventLogInUseException}. Thread-safe. Close it (try-with-resources) to
 * release its native memory.
 */
public final class RocksEventLog implements EventLog {

    private final RocksResources resources;
    private final EventCatalog catalog;
    private final Lifecycle lifecycle;
    private final Compactor compactor;
    private final LogWriter writer;
    private final LogReader reader;

    private RocksEventLog(RocksResources resources, EventCatalog catalog, Compactor compactor, LogWriter writer) {
        this.resources = resources;
        this.catalog = catalog;
        this.lifecycle = new Lifecycle(resources.dir().toString());
        this.compactor = compactor;
        this.writer = writer;
        this.reader = new LogReader(resources, writer);
    }

    /**
     * Opens or creates the log in {@code dir} with the standard catalogue and default options but the
     * batch size.
     *
     * @param batchSize entries buffered before an automatic flush; zero or less means
     *     {@value EventLog#DEFAULT_BATCH_SIZE}
     * @see #open(Path, RocksEventLogOptions)
     */
    public static RocksEventLog open(Path dir, int batchSize) {
        return open(dir, RocksEventLogOptions.builder().batchSize(batchSize).build());
    }

    /**
     * Opens or creates the log in {@code dir}. A missing directory is created. Column families of
     * types the catalogue does not name are kept and read as raw entries; missing ones are created.
     *
     * @throws io.rockwal.core.EventLogInUseException if another open log holds the directory
     * @throws io.rockwal.core.IncompatibleFormatException if a newer rockwal wrote the store
     * @throws io.rockwal.core.EventLogCorruptedException if the store is damaged (missing
     *     {@code CURRENT}, metadata missing or disagreeing with the data)
     * @throws io.rockwal.core.EventLogIOException if the directory cannot be created, read or written
     */
    public static RocksEventLog open(Path dir, RocksEventLogOptions options) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(options, "options");
        RocksResources resources = RocksResources.open(dir.toAbsolutePath().normalize(), options);
        Compactor compactor = null;
        try {
            StoreState state = StoreState.load(resources);
            compactor = new Compactor(resources);
            LogWriter writer = new LogWriter(resources, options, state.lsnState(), state.checkpoints(), compactor);
            return new RocksEventLog(resources, options.catalog(), compactor, writer);
        } catch (RuntimeException | Error e) {
            if (compactor != null) {
                compactor.close();
            }
            try {
                resources.close();
            } catch (RuntimeException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
    }

    /** The store's directory, absolute. */
    public Path directory() {
        return resources.dir();
    }

    /** Every entry type with a column family: the catalogue's, then any found only on disk. */
    public List<WalType> types() {
        return resources.typeColumns().stream().map(TypeColumn::type).toList();
    }

    @Override
    public long write(Event event) {
        lifecycle.enter();
        try {
            return writer.write(catalog.encode(event));
        } finally {
            lifecycle.exit();
        }
    }

    @Override
    public void flush() {
        lifecycle.enter();
        try {
            writer.flush();
        } finally {
            lifecycle.exit();
        }
    }

    @Override
    public Optional<WalEntry> get(long lsn) {
        lifecycle.enter();
        try {
            return reader.get(lsn);
        } finally {
            lifecycle.exit();
        }
    }

    @Override
    public void replay(EntryHandler handler) {
        Objects.requireNonNull(handler, "handler");
        lifecycle.enter();
        try {
            reader.replay(null, 1, handler);
        } finally {
            lifecycle.exit();
        }
    }

    @Override
    public void replay(WalType type, EntryHandler handler) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(handler, "handler");
        lifecycle.enter();
        try {
            reader.replay(type, 1, handler);
        } finally {
            lifecycle.exit();
        }
    }

    @Override
    public void truncateBefore(long beforeLsn) {
        lifecycle.enter();
        try {
            writer.truncateBefore(beforeLsn);
        } finally {
            lifecycle.exit();
        }
    }

    @Override
    public long createCheckpoint() {
        lifecycle.enter();
        try {
            return writer.createCheckpoint();
        } finally {
            lifecycle.exit();
        }
    }

    @Override
    public List<Long> checkpoints() {
        lifecycle.enter();
        try {
            return writer.checkpoints();
        } finally {
            lifecycle.exit();
        }
    }

    @Override
    public long lastLsn() {
        lifecycle.enter();
        try {
            return writer.lastLsn();
        } finally {
            lifecycle.exit();
        }
    }

    @Override
    public long lastFlushedLsn() {
        lifecycle.enter();
        try {
            return writer.lastFlushedLsn();
        } finally {
            lifecycle.exit();
        }
    }

    @Override
    public LsnMetadata metadata() {
        lifecycle.enter();
        try {
            return writer.metadata();
        } finally {
            lifecycle.exit();
        }
    }

    /**
     * Flushes the buffer, stops background compaction, flushes RocksDB's memtables (so the next open
     * has no write-ahead log to replay), syncs, and releases every native resource in reverse order of
     * creation. Idempotent; waits for calls in flight.
     *
     * @throws IllegalStateException if called from inside a call on this log, such as a replay handler
     */
    @Override
    public void close() {
        if (!lifecycle.beginClose()) {
            return;
        }
        EventLogException failure = null;
        try {
            try {
                writer.flush();
            } catch (EventLogException e) {
                failure = e;
            }
            compactor.close();
            try {
                persistMemtables();
            } catch (RocksDBException e) {
                failure = firstOf(failure, RocksErrors.map(e, "flushing memtables at close", resources.dir(), null));
            }
            try {
                resources.close();
            } catch (EventLogException e) {
                failure = firstOf(failure, e);
            }
        } finally {
            lifecycle.endClose();
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void persistMemtables() throws RocksDBException {
        List<ColumnFamilyHandle> handles = new java.util.ArrayList<>();
        resources.typeColumns().forEach(column -> handles.add(column.handle()));
        handles.add(resources.metaHandle());
        try (FlushOptions flushOptions = new FlushOptions().setWaitForFlush(true)) {
            resources.db().flush(flushOptions, handles);
        }
        resources.db().syncWal();
    }

    private static EventLogException firstOf(EventLogException first, EventLogException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    @Override
    public String toString() {
        return "RocksEventLog{" + resources.dir() + (lifecycle.isClosed() ? ", closed}" : "}");
    }
}
