package io.rockwal.rocks;

import io.rockwal.core.EntryCursor;
import io.rockwal.core.EntryHandler;
import io.rockwal.core.Event;
import io.rockwal.core.EventCatalog;
import io.rockwal.core.EventLog;
import io.rockwal.core.EventLogException;
import io.rockwal.core.EventLogIOException;
import io.rockwal.core.LsnMetadata;
import io.rockwal.core.Subscription;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDBException;

/**
 * An {@link EventLog} stored in RocksDB, one column family per entry type; the on-disk format is
 * described in the {@linkplain io.rockwal.rocks package documentation}.
 *
 * <p>Durability: a flush is one atomic RocksDB write of the buffered entries, their index entries and
 * the LSN metadata. With {@link RocksEventLogOptions#syncOnFlush()} (the default) it returns after
 * fsync, so a flushed entry survives a process kill and a power loss; without, it survives a process
 * kill only. {@link #writeAsync} completes only after such a flush.
 *
 * <p>One open log per directory: a second open, in this process or another, throws
 * {@link io.rockwal.core.EventLogInUseException}; read a live store with {@link RocksEventLogReader}.
 * Thread-safe. Close it (try-with-resources) to release its native memory.
 */
public final class RocksEventLog implements EventLog {

    private final RocksResources resources;
    private final EventCatalog catalog;
    private final InstantSource clock;
    private final boolean ownerOnlyFiles;
    private final Lifecycle lifecycle;
    private final Compactor compactor;
    private final FlushSignal flushSignal;
    private final LogWriter writer;
    private final LogReader reader;
    private final GroupCommitter committer;
    private final Set<StoreCursor> cursors = ConcurrentHashMap.newKeySet();
    private final Set<RocksSubscription> subscriptions = ConcurrentHashMap.newKeySet();

    private RocksEventLog(RocksResources resources, RocksEventLogOptions options, Compactor compactor,
            FlushSignal flushSignal, LogWriter writer) {
        this.resources = resources;
        this.catalog = options.catalog();
        this.clock = options.clock();
        this.ownerOnlyFiles = options.ownerOnlyFiles();
        this.lifecycle = new Lifecycle(resources.dir().toString());
        this.compactor = compactor;
        this.flushSignal = flushSignal;
        this.writer = writer;
        this.reader = new LogReader(resources, writer);
        this.committer = new GroupCommitter(writer, resources.dir().toString(), options);
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
     * @throws io.rockwal.core.IncompatibleFormatException if the store's format is not this build's (a
     *     newer rockwal wrote it, or it is the pre-release format 1)
     * @throws io.rockwal.core.EventLogCorruptedException if the store is damaged (missing
     *     {@code CURRENT}, a damaged write-ahead log before its last record, metadata missing or
     *     disagreeing with the data, a table file the MANIFEST lost). These are decided through a
     *     read-only instance before RocksDB's primary open, so a refused store keeps every file as it was
     * @throws EventLogIOException if the directory cannot be created, read or written
     */
    public static RocksEventLog open(Path dir, RocksEventLogOptions options) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(options, "options");
        RocksResources resources = RocksResources.open(dir.toAbsolutePath().normalize(), options);
        Compactor compactor = null;
        try {
            StoreState state = StoreState.load(resources);
            compactor = new Compactor(resources);
            FlushSignal flushSignal = new FlushSignal();
            LogWriter writer = new LogWriter(resources, options, state, compactor, flushSignal);
            RocksEventLog log = new RocksEventLog(resources, options, compactor, flushSignal, writer);
            if (state.lsnState().firstRetainedLsn() > 1) {
                // Finish what a truncation before the last close may have left: space and index sweep.
                compactor.request(state.lsnState().firstRetainedLsn());
            }
            return log;
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

    /**
     * Every entry type with a column family: the catalogue's, then any found only on disk.
     *
     * @throws io.rockwal.core.EventLogClosedException if the log is closed
     */
    public List<WalType> types() {
        return guarded(() -> resources.typeColumns().stream().map(TypeColumn::type).toList());
    }

    @Override
    public long write(Event event) {
        return guarded(() -> writer.write(catalog.encode(event), clock.millis()));
    }

    @Override
    public CompletableFuture<Long> writeAsync(Event event) {
        return guarded(() -> committer.write(catalog.encode(event), clock.millis()));
    }

    @Override
    public CompletableFuture<Long> checkpointAsync() {
        return guarded(committer::checkpoint);
    }

    @Override
    public void flush() {
        guarded(() -> {
            writer.flush();
            return null;
        });
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
        guarded(() -> {
            reader.replay(null, 1, handler);
            return null;
        });
    }

    @Override
    public void replay(WalType type, EntryHandler handler) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(handler, "handler");
        guarded(() -> {
            reader.replay(type, 1, handler);
            return null;
        });
    }

    @Override
    public Optional<WalEntry> last(WalType type) {
        Objects.requireNonNull(type, "type");
        return guarded(() -> reader.last(type));
    }

    @Override
    public Map<WalType, WalEntry> hydrateAll() {
        return guarded(() -> {
            Map<WalType, WalEntry> last = new LinkedHashMap<>();
            for (TypeColumn column : resources.typeColumns()) {
                reader.last(column.type()).ifPresent(entry -> last.put(column.type(), entry));
            }
            return last;
        });
    }

    @Override
    public List<WalEntry> scan(WalType type, long fromLsn, int limit) {
        Objects.requireNonNull(type, "type");
        return guarded(() -> reader.scan(type, fromLsn, Long.MAX_VALUE, true, false, limit));
    }

    @Override
    public List<WalEntry> scan(long fromLsn, int limit) {
        return guarded(() -> reader.scan(null, fromLsn, Long.MAX_VALUE, true, false, limit));
    }

    @Override
    public EntryCursor cursor(long fromLsn) {
        return openCursor(null, fromLsn);
    }

    @Override
    public EntryCursor cursor(WalType type, long fromLsn) {
        return openCursor(Objects.requireNonNull(type, "type"), fromLsn);
    }

    private EntryCursor openCursor(WalType typeOrNull, long fromLsn) {
        return guarded(() -> {
            StoreCursor[] self = new StoreCursor[1];
            StoreCursor cursor = reader.cursor(typeOrNull, fromLsn, Long.MAX_VALUE, true, lifecycle,
                    () -> cursors.remove(self[0]));
            self[0] = cursor;
            cursors.add(cursor);
            return cursor;
        });
    }

    @Override
    public List<WalEntry> findByKey(WalType type, byte[] key) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(key, "key");
        return guarded(() -> reader.findByKey(type, key));
    }

    @Override
    public List<WalEntry> scanByKey(WalType type, byte[] fromKey, byte[] beforeKey, int limit) {
        Objects.requireNonNull(type, "type");
        return guarded(() -> reader.scanByKey(type, fromKey, beforeKey, limit));
    }

    @Override
    public long count(WalType type) {
        Objects.requireNonNull(type, "type");
        return guarded(() -> reader.count(type));
    }

    @Override
    public Subscription subscribe(long fromLsn, EntryHandler handler) {
        return startSubscription(null, fromLsn, handler);
    }

    @Override
    public Subscription subscribe(WalType type, long fromLsn, EntryHandler handler) {
        return startSubscription(Objects.requireNonNull(type, "type"), fromLsn, handler);
    }

    private Subscription startSubscription(WalType typeOrNull, long fromLsn, EntryHandler handler) {
        Objects.requireNonNull(handler, "handler");
        if (fromLsn < 1) {
            throw new IllegalArgumentException("LSN must be at least 1, was " + fromLsn);
        }
        return guarded(() -> {
            RocksSubscription subscription = new RocksSubscription(reader, writer, lifecycle, flushSignal, typeOrNull,
                    fromLsn, handler, resources.dir().toString(), subscriptions::remove);
            subscriptions.add(subscription);
            subscription.start();
            return subscription;
        });
    }

    @Override
    public void truncateBefore(long beforeLsn) {
        guarded(() -> {
            writer.truncateBefore(beforeLsn);
            return null;
        });
    }

    @Override
    public long createCheckpoint() {
        return guarded(writer::createCheckpoint);
    }

    @Override
    public List<Long> checkpoints() {
        return guarded(writer::checkpoints);
    }

    @Override
    public long lastLsn() {
        return guarded(writer::lastLsn);
    }

    @Override
    public long lastFlushedLsn() {
        return guarded(writer::lastFlushedLsn);
    }

    @Override
    public LsnMetadata metadata() {
        return guarded(writer::metadata);
    }

    /**
     * Writes a consistent copy of the store, as of now, into {@code target}, which must not exist yet
     * but whose parent must: the buffer is flushed, then RocksDB makes a checkpoint (hard links where
     * the file system allows, copies otherwise). The copy opens as a normal store with {@link #open}.
     * With {@link RocksEventLogOptions#ownerOnlyFiles()} (the default) the copy is made inside an
     * owner-only staging directory next to {@code target} and moved into place already restricted
     * (rwx------), so no other user can reach its files at any moment; the staging directory is removed.
     *
     * @throws EventLogIOException if {@code target} exists, its parent does not, or the copy fails;
     *     nothing is left at {@code target} then
     */
    public void backupTo(Path target) {
        Objects.requireNonNull(target, "target");
        Path absolute = target.toAbsolutePath().normalize();
        guarded(() -> {
            StoreBackup.checkTarget(resources.dir(), absolute);
            writer.flush();
            StoreBackup.write(resources, absolute, ownerOnlyFiles);
            return null;
        });
    }

    /**
     * Waits until the background work that truncations started has finished: the truncated ranges are
     * compacted (their disk space returned) and the key index swept. Truncation never waits for it;
     * this is for operators and tests that want the space back now.
     *
     * @return whether it finished within the timeout
     */
    public boolean awaitBackgroundCompaction(java.time.Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return guarded(() -> {
            try {
                return compactor.awaitIdle(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    /**
     * Stops subscriptions, commits what the group committer holds, flushes the buffer, closes open
     * cursors, stops background compaction, flushes RocksDB's memtables (so the next open has no
     * write-ahead log to replay), syncs, and releases every native resource in reverse order of
     * creation. Idempotent; waits for calls in flight.
     *
     * @throws IllegalStateException if called from inside a call on this log, such as a replay handler
     */
    @Override
    public void close() {
        if (lifecycle.isClosed()) {
            return;
        }
        new ArrayList<>(subscriptions).forEach(RocksSubscription::close);
        if (!lifecycle.beginClose()) {
            return;
        }
        EventLogException failure = null;
        try {
            committer.close();
            try {
                writer.flush();
            } catch (EventLogException e) {
                failure = e;
            }
            new ArrayList<>(cursors).forEach(StoreCursor::closeNow);
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
        new ArrayList<>(subscriptions).forEach(RocksSubscription::close);
        if (failure != null) {
            throw failure;
        }
    }

    private <T> T guarded(Supplier<T> call) {
        lifecycle.enter();
        try {
            return call.get();
        } finally {
            lifecycle.exit();
        }
    }

    private void persistMemtables() throws RocksDBException {
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        resources.typeColumns().forEach(column -> handles.add(column.handle()));
        handles.add(resources.metaHandle());
        handles.add(resources.keysHandle());
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
