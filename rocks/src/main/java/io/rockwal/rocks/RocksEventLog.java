package io.rockwal.rocks;

import io.rockwal.core.EntryCursor;
import io.rockwal.core.EntryHandler;
import io.rockwal.core.Event;
import io.rockwal.core.EventCatalog;
import io.rockwal.core.EventLog;
import io.rockwal.core.EventLogException;
import io.rockwal.core.EventLogIOException;
import io.rockwal.core.LsnMetadata;
import io.rockwal.core.PollingSubscription;
import io.rockwal.core.Subscription;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link EventLog} stored in RocksDB, one column family per entry type; the on-disk format is
 * described in the {@linkplain io.rockwal.rocks package documentation}.
 *
 * <p>Durability: a flush is one atomic RocksDB write of the buffered entries, their index entries and
 * the LSN metadata. With {@link RocksEventLogOptions#syncOnFlush()} (the default) it returns after
 * fsync, so a flushed entry survives a process kill and a power loss; without, it survives a process
 * kill only. {@link #writeAsync} completes only after such a flush.
 *
 * <p>Failures on the write path: a full disk fails the flush with a transient
 * {@link io.rockwal.core.EventLogIOException}; the entries stay buffered and a later flush retries them
 * once space is back. Any other I/O error (a failed write or fsync of RocksDB's log) or damage fails
 * the flush and <em>stops writes</em>: every later write, flush, checkpoint and truncation throws,
 * saying so, until the log is closed and opened again (a failed fsync may have lost pages the kernel
 * had accepted, and a later fsync could succeed without them). Reads go on. Nothing after
 * {@link #lastFlushedLsn()} is reported durable; the reopen recovers what reached the disk.
 *
 * <p>One open log per directory: a second open, in this process or another, throws
 * {@link io.rockwal.core.EventLogInUseException}; read a live store with {@link RocksEventLogReader}.
 * Thread-safe. Close it (try-with-resources) to release its native memory.
 */
public final class RocksEventLog extends StoreView implements EventLog {

    /** How long a subscription that has delivered everything waits for a flush before it looks again. */
    private static final long SUBSCRIPTION_IDLE_MILLIS = 200;

    private final StoreResources resources;
    private final EventCatalog catalog;
    private final InstantSource clock;
    private final boolean ownerOnlyFiles;
    private final Compactor compactor;
    private final FlushSignal flushSignal;
    private final LogWriter writer;
    private final GroupCommitter committer;
    private final LogReader reader;
    private final KeyIndexReader keyIndex;
    private final List<WalType> types;
    private final Set<LogCursor> cursors = ConcurrentHashMap.newKeySet();
    private final Set<PollingSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    /** Registered when the options ask for JMX; unregistered by close. */
    private volatile LogMXBean mxBean;

    /** Builds the whole object graph of an open log, in one place, on resources and metadata already checked. */
    private RocksEventLog(StoreResources resources, RocksEventLogOptions options, StoredMetadata stored) {
        super(new Lifecycle(resources.dir().toString()));
        this.resources = resources;
        this.catalog = options.catalog();
        this.clock = options.clock();
        this.ownerOnlyFiles = options.ownerOnlyFiles();
        this.compactor = new Compactor(resources);
        this.flushSignal = new FlushSignal();
        try {
            this.writer = new LogWriter(resources, options, stored, compactor, flushSignal);
        } catch (RuntimeException | Error e) {
            compactor.close(); // the caller closes the resources; the compactor's options are ours to free
            throw e;
        }
        this.committer = new GroupCommitter(writer, resources.dir().toString(), options);
        this.reader = new LogReader(resources, writer);
        this.keyIndex = new KeyIndexReader(resources, writer);
        this.types = resources.typeColumns().stream().map(TypeColumn::type).toList();
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
     * @throws IllegalStateException if the options ask for JMX and registering the log's MXBean fails
     */
    public static RocksEventLog open(Path dir, RocksEventLogOptions options) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(options, "options");
        StoreResources resources = StoreResources.open(dir.toAbsolutePath().normalize(), options);
        RocksEventLog log = null;
        try {
            StoredMetadata stored = MetadataStore.loadForWriting(resources, options.firstLsn());
            log = new RocksEventLog(resources, options, stored);
            if (stored.lsns().firstRetainedLsn() > 1) {
                // Finish what a truncation before the last close may have left: space and index sweep.
                log.compactor.request(stored.lsns().firstRetainedLsn());
            }
        } catch (RuntimeException | Error e) {
            if (log != null) {
                log.compactor.close();
            }
            try {
                resources.close();
            } catch (RuntimeException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
        if (options.jmx()) {
            RocksEventLog opened = log;
            try {
                log.mxBean = LogMXBean.register(resources.dir().toString(), opened::metrics, opened::health);
            } catch (IllegalStateException e) {
                try {
                    log.close();
                } catch (RuntimeException closeFailure) {
                    e.addSuppressed(closeFailure);
                }
                throw e;
            }
        }
        return log;
    }

    /**
     * The log's figures now: what it wrote since it opened, what waits to be written, its LSNs and
     * RocksDB's memory and compaction figures. Cheap: counters and in-memory properties, no scan.
     *
     * @throws io.rockwal.core.EventLogClosedException if the log is closed
     */
    public LogMetrics metrics() {
        return guarded(() -> {
            WriteMetrics counted = writer.metrics();
            return new LogMetrics(
                    counted.entriesWritten.sum(),
                    counted.payloadBytesWritten.sum(),
                    counted.flushNanos.snapshot(),
                    LogMetrics.fsyncNanos(resources.statistics()),
                    counted.entriesPerFlush.snapshot(),
                    counted.groupSizes.snapshot(),
                    committer.queuedRequests(),
                    committer.queuedBytes(),
                    writer.bufferedEntries(),
                    writer.lastLsn(),
                    writer.lastFlushedLsn(),
                    writer.firstRetainedLsn(),
                    counted.truncations.sum(),
                    counted.checkpoints.sum(),
                    compactor.lag(),
                    LogMetrics.RocksDbFigures.of(resources),
                    LogMetrics.RocksDbCounters.of(resources.statistics()));
        });
    }

    /**
     * Whether the log takes writes: {@code FAILED} from the moment RocksDB raises a background error
     * (reported by RocksDB's listener, not at the next flush) or a write fails in a way that may have
     * lost data, until the log is reopened; {@code DEGRADED} while RocksDB slows or stops writes for
     * compaction, while a flush or a background compaction that failed with an I/O error (a full disk,
     * for one) has not gone through on retry, or while compaction is far behind (a type's column family
     * near RocksDB's level-0 file or pending-bytes thresholds for slowing writes); else {@code OK}. A few
     * in-memory lookups, no scan.
     *
     * @throws io.rockwal.core.EventLogClosedException if the log is closed
     */
    public StoreHealth health() {
        return guarded(() -> resources.health().health(resources.compactionBacklog()));
    }

    /** The store's directory, absolute. */
    public Path directory() {
        return resources.dir();
    }

    // ---- writes ----

    @Override
    public long write(Event event) {
        return guarded(() -> writer.write(stamp(event)));
    }

    @Override
    public CompletableFuture<Long> writeAsync(Event event) {
        return guarded(() -> committer.write(stamp(event)));
    }

    private StampedEvent stamp(Event event) {
        return new StampedEvent(catalog.encode(event), clock.millis());
    }

    @Override
    public CompletableFuture<Long> checkpointAsync() {
        return guarded(committer::checkpoint);
    }

    @Override
    public void flush() {
        run(writer::flush);
    }

    @Override
    public void truncateBefore(long beforeLsn) {
        run(() -> writer.truncateBefore(beforeLsn));
    }

    /**
     * Opens a hold on this log's retention for a consumer in this process that must see every entry
     * before it is removed (see {@link RetentionHold}): until the holder says it has consumed them,
     * {@link #truncateBefore} and checkpoint rotations defer removing entries after
     * {@code consumedLsn}, unless the holder then lags the last LSN by more than
     * {@code maxLagEntries}. Close the hold when the consumer stops.
     *
     * @param holder who holds, for log lines ("the Kafka exporter of node 7")
     * @param consumedLsn the last LSN the holder does not need (0: it needs everything retained)
     * @param maxLagEntries how many entries behind the last LSN the holder may fall before a truncation
     *     overrides it; at least 1
     * @throws IllegalArgumentException if {@code holder} is empty, {@code consumedLsn} negative or
     *     {@code maxLagEntries} below 1
     */
    public RetentionHold holdRetention(String holder, long consumedLsn, long maxLagEntries) {
        if (holder == null || holder.isBlank()) {
            throw new IllegalArgumentException("a retention hold needs a holder's name");
        }
        if (consumedLsn < 0) {
            throw new IllegalArgumentException("consumedLsn must not be negative, was " + consumedLsn);
        }
        if (maxLagEntries < 1) {
            throw new IllegalArgumentException("maxLagEntries must be at least 1, was " + maxLagEntries);
        }
        return guarded(() -> {
            RetentionHold hold = new RetentionHold(this, holder, maxLagEntries, consumedLsn);
            writer.addHold(hold);
            return hold;
        });
    }

    /** From {@link RetentionHold#consumedThrough}: a deferred truncation, if any, as far as allowed. */
    void applyDeferredTruncation() {
        if (lifecycle.tryEnter()) { // a closed log keeps what it deferred (see RetentionHold)
            try {
                writer.applyDeferredTruncation();
            } finally {
                lifecycle.exit();
            }
        }
    }

    /** From {@link RetentionHold#close()}. */
    void release(RetentionHold hold) {
        if (lifecycle.tryEnter()) {
            try {
                writer.removeHold(hold);
            } finally {
                lifecycle.exit();
            }
        }
    }

    @Override
    public long createCheckpoint() {
        return guarded(writer::createCheckpoint);
    }

    // ---- reads ----

    @Override
    public Optional<WalEntry> get(long lsn) {
        lifecycle.enter(); // not guarded(...): the lookup path allocates no lambda
        try {
            return reader.get(lsn);
        } finally {
            lifecycle.exit();
        }
    }

    @Override
    public Optional<WalEntry> last(WalType type) {
        Objects.requireNonNull(type, "type");
        return guarded(() -> reader.last(type));
    }

    @Override
    public long count(WalType type) {
        Objects.requireNonNull(type, "type");
        return guarded(() -> reader.count(type));
    }

    @Override
    public long count(WalType type, long fromLsn, long toLsn) {
        Objects.requireNonNull(type, "type");
        return guarded(() -> reader.count(type, fromLsn, toLsn));
    }

    @Override
    EntryCursor openCursor(WalType typeOrAll, long fromLsn) {
        return guarded(() -> {
            TypeSelection selection = typeOrAll == null ? resources.allTypes() : resources.only(typeOrAll);
            LogCursor cursor = reader.cursor(selection, fromLsn, lifecycle, cursors::remove);
            cursors.add(cursor);
            return cursor;
        });
    }

    @Override
    public List<WalEntry> findByKey(WalType type, byte[] key) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(key, "key");
        return guarded(() -> keyIndex.findByKey(type, key));
    }

    @Override
    public List<WalEntry> scanByKey(WalType type, byte[] fromKey, byte[] beforeKey, int limit) {
        Objects.requireNonNull(type, "type");
        return guarded(() -> keyIndex.scanByKey(type, fromKey, beforeKey, limit));
    }

    @Override
    public LsnMetadata metadata() {
        return guarded(writer::metadata);
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
    public List<Long> checkpoints() {
        return guarded(writer::checkpoints);
    }

    /** Every entry type with a column family: the catalogue's, then any found only on disk. */
    @Override
    public List<WalType> types() {
        return guarded(() -> types);
    }

    /**
     * A subscription waits for the writer's flushes, so it delivers an entry within moments of the
     * flush that made it durable.
     */
    @Override
    Subscription startSubscription(WalType typeOrAll, long fromLsn, EntryHandler handler) {
        Objects.requireNonNull(handler, "handler");
        return guarded(() -> {
            TypeSelection selection = typeOrAll == null ? resources.allTypes() : resources.only(typeOrAll);
            return PollingSubscription.start(
                    resources.dir().toString(),
                    fromLsn,
                    handler,
                    (from, limit) -> readDurable(selection, from, limit),
                    subscriptions);
        });
    }

    /** A subscription's read: the next durable entries, waiting for a flush when there is none; null once closed. */
    private PollingSubscription.Chunk readDurable(TypeSelection selection, long fromLsn, int limit)
            throws InterruptedException {
        long seenFlushes = flushSignal.flushes();
        PollingSubscription.Chunk chunk;
        if (!lifecycle.tryEnter()) {
            return null;
        }
        try {
            chunk = reader.durableChunk(selection, fromLsn, limit);
        } finally {
            lifecycle.exit();
        }
        if (chunk.entries().isEmpty()) {
            flushSignal.awaitAfter(seenFlushes, SUBSCRIPTION_IDLE_MILLIS);
        }
        return chunk;
    }

    // ---- operations ----

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
        run(() -> {
            StoreBackup.checkTarget(resources.dir(), absolute);
            writer.flush();
            StoreBackup.write(resources, absolute, ownerOnlyFiles);
        });
    }

    /**
     * Waits until the background work that truncations started has finished: the truncated ranges are
     * compacted (their disk space returned) and the key index swept. Truncation never waits for it;
     * this is for operators and tests that want the space back now.
     *
     * @return whether it finished within the timeout
     */
    public boolean awaitBackgroundCompaction(Duration timeout) {
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
     * creation; then waits until the futures of what the committer held are completed (unless called
     * from a function chained on one of them). Idempotent; waits for calls in flight.
     *
     * @throws IllegalStateException if called from inside a call on this log, such as a replay handler
     */
    @Override
    public void close() {
        if (lifecycle.isClosed()) {
            return;
        }
        lifecycle.refuseCloseFromInsideACall();
        List.copyOf(subscriptions).forEach(PollingSubscription::close);
        if (!lifecycle.beginClose()) {
            return;
        }
        EventLogException failure = null;
        LogMXBean bean = mxBean;
        if (bean != null) {
            bean.unregister();
        }
        try {
            committer.close();
            try {
                writer.flush();
            } catch (EventLogException e) {
                failure = e;
            }
            List.copyOf(cursors).forEach(LogCursor::closeNow);
            compactor.close();
            try {
                resources.persistMemtables();
            } catch (EventLogException e) {
                failure = firstOf(failure, e);
            }
            try {
                resources.close();
            } catch (EventLogException e) {
                failure = firstOf(failure, e);
            }
        } finally {
            lifecycle.endClose();
        }
        List.copyOf(subscriptions).forEach(PollingSubscription::close);
        committer.awaitCompletions();
        if (failure != null) {
            throw failure;
        }
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
