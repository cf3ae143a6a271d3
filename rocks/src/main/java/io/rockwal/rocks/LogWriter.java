package io.rockwal.rocks;

import io.rockwal.core.EventLogException;
import io.rockwal.core.EventLogIOException;
import io.rockwal.core.LsnMetadata;
import io.rockwal.core.WalType;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;
import org.rocksdb.WriteBatch;

/**
 * The write side of a store: hands out LSNs and per-type ordinals, buffers entries, and writes
 * batches, truncations and checkpoints, each as one atomic RocksDB write together with the metadata
 * and index entries it changes (format invariant 7).
 *
 * <p>One lock serialises LSN assignment and every write to RocksDB, so the buffer always holds the
 * LSNs {@code lastFlushedLsn + 1 .. lastLsn} in order. The LSN counters are also published in volatile
 * fields for readers that only need a bound. As the {@link ViewSource} of its log it produces what
 * readers consume: copies of buffered entries and views (a snapshot taken under the same lock as the
 * buffer copy, so the two agree). It never calls back into a reader, a committer or user code: every
 * method returns to its caller with the lock released.
 *
 * <p>After a write fails with an I/O error (a failed {@code write} or {@code fsync} of RocksDB's log)
 * or damage, every later write is refused until the store is reopened; the failed entries stay
 * buffered and are never reported flushed. A failed fsync may have lost pages the kernel had accepted
 * (and a later fsync of the same file can succeed without them), so a write acknowledged after it could
 * stand on lost data; the reopen replays what reached the disk. Only a full disk is retried in place:
 * it loses nothing, and RocksDB resumes by itself once space is back.
 */
final class LogWriter implements ViewSource {

    /** The buffer is also flushed when its values reach this size, whatever the batch size. */
    static final long MAX_BUFFERED_BYTES = 64L << 20;

    private static final System.Logger LOG = System.getLogger(LogWriter.class.getName());
    private static final byte[] NO_VALUE = new byte[0];
    /** What {@link HealthMonitor#retrying} calls a write that failed and waits for a retry. */
    private static final String WRITE_WORK = "write";

    private final ReentrantLock lock = new ReentrantLock();
    private final StoreResources resources;
    private final Compactor compactor;
    private final FlushSignal flushSignal;
    private final InstantSource clock;
    private final int batchSize;
    private final int maxCheckpoints;
    private final Map<WalType, TypeColumn> writableColumns = new HashMap<>();
    /** Per type column ({@link TypeColumn#position()}), the ordinal of its newest entry, buffered or stored. */
    private final long[] lastOrdinals;

    private final List<BufferedEntry> buffer = new ArrayList<>();
    private long bufferedBytes;

    private volatile long lastLsn;
    private volatile long lastFlushedLsn;
    private volatile long firstRetainedLsn;
    private long bufferedPayloadBytes;
    private volatile int bufferedCount;
    private final WriteMetrics metrics = new WriteMetrics();
    private long lastUpdatedMillis;
    /** The first write RocksDB failed with an I/O error or damage; from then on every write is refused. */
    private EventLogIOException writesStopped;
    /** A write failed in a way that is retried (a full disk): the health monitor is told when one succeeds. */
    private boolean retryingWrite;

    private List<Long> checkpoints;
    /** Open retention holds (see {@link RetentionHold}). */
    private final List<RetentionHold> holds = new CopyOnWriteArrayList<>();
    /** What the holds decided, logged once the lock is released. */
    private final Queue<Notice> notices = new ConcurrentLinkedQueue<>();

    private record Notice(System.Logger.Level level, String message) {}

    /** A truncation a hold deferred: the first LSN to keep once the holds allow (0: none). */
    private volatile long deferredBefore;

    LogWriter(
            StoreResources resources,
            RocksEventLogOptions options,
            StoredMetadata stored,
            Compactor compactor,
            FlushSignal flushSignal) {
        this.resources = resources;
        this.compactor = compactor;
        this.flushSignal = flushSignal;
        this.clock = options.clock();
        this.batchSize = options.batchSize();
        this.maxCheckpoints = options.maxCheckpoints();
        for (TypeColumn column : resources.typeColumns()) {
            if (column.inCatalog()) {
                writableColumns.put(column.type(), column);
            }
        }
        LsnMetadata lsns = stored.lsns();
        this.lastOrdinals = newestOrdinals(resources, lsns);
        this.lastLsn = lsns.lastFlushedLsn();
        this.lastFlushedLsn = lsns.lastFlushedLsn();
        this.firstRetainedLsn = lsns.firstRetainedLsn();
        this.lastUpdatedMillis = lsns.lastUpdatedMillis();
        this.checkpoints = stored.checkpoints();
    }

    /** Per type column, the ordinal of its newest retained entry (0: none); one seek per type. */
    private static long[] newestOrdinals(StoreResources resources, LsnMetadata lsns) {
        long[] ordinals = new long[resources.typeColumns().size()];
        if (lsns.isEmpty()) {
            return ordinals;
        }
        try (ReadView view = ReadView.stored(lsns.firstRetainedLsn(), lsns.lastFlushedLsn())) {
            for (TypeColumn column : resources.typeColumns()) {
                ordinals[column.position()] = RetainedRange.withIterator(resources, view, column, 0L, iterator -> {
                    iterator.seekToLast();
                    return iterator.isValid()
                            ? OrdinalWalk.newest(iterator, column.type(), resources.errors())
                            : RetainedRange.checkExhausted(resources, iterator, column, 0L);
                });
            }
        }
        return ordinals;
    }

    /**
     * Buffers an event, flushing when the buffer is full. If that flush fails, this event is taken back
     * out (not logged, its LSN unused) and the failure thrown; the entries before it stay buffered.
     *
     * @return the event's LSN
     */
    long write(StampedEvent event) {
        lock.lock();
        try {
            long lsn = append(event);
            if (buffer.size() >= batchSize || bufferedBytes >= MAX_BUFFERED_BYTES) {
                try {
                    flushLocked();
                } catch (RuntimeException e) {
                    rollBack(1);
                    throw e;
                }
            }
            return lsn;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Appends the events in order and flushes them, with whatever else is buffered, in one atomic
     * write: the group committer's call. If the flush fails they are all taken back out (not logged,
     * their LSNs unused) and the failure thrown; entries buffered before them stay buffered.
     *
     * @return the first event's LSN; the others follow it contiguously
     */
    long writeAndFlush(List<StampedEvent> events) {
        lock.lock();
        try {
            long first = lastLsn + 1;
            for (StampedEvent event : events) {
                append(event);
            }
            try {
                flushLocked();
            } catch (RuntimeException e) {
                rollBack(events.size());
                throw e;
            }
            return first;
        } finally {
            lock.unlock();
        }
    }

    void flush() {
        lock.lock();
        try {
            flushLocked();
        } finally {
            lock.unlock();
        }
    }

    void truncateBefore(long beforeLsn) {
        long truncated;
        lock.lock();
        try {
            if (beforeLsn < 0 || beforeLsn > lastLsn + 1) {
                throw new IllegalArgumentException("cannot truncate " + resources.dir() + " before LSN " + beforeLsn
                        + ": it must be between 0 and last LSN + 1 = " + (lastLsn + 1));
            }
            truncated = truncateHeld(beforeLsn, "truncation before LSN " + beforeLsn);
        } finally {
            lock.unlock();
            logNotices();
        }
        if (truncated > 0) {
            compactor.request(truncated);
        }
    }

    /**
     * Truncates before {@code beforeLsn} as far as the retention holds allow and defers the rest; with
     * the lock held. Returns the first LSN kept when something was removed, else 0.
     */
    private long truncateHeld(long beforeLsn, String action) {
        long allowed = heldBack(beforeLsn);
        if (allowed == 0) {
            return 0;
        }
        flushLocked();
        try (WriteBatch batch = new WriteBatch()) {
            long now = clock.millis();
            addTruncation(batch, allowed, now);
            writeTruncation(batch, allowed, action);
            lastUpdatedMillis = now;
        } catch (RocksDBException e) {
            throw resources.errors().map(e, action, null);
        }
        return allowed;
    }

    /**
     * How far a truncation before {@code beforeLsn} may go now (0: not past the first retained LSN),
     * remembering the rest as deferred, or clearing a deferral it covers; with the lock held.
     */
    private long heldBack(long beforeLsn) {
        long allowed = allowedBefore(beforeLsn);
        if (allowed < beforeLsn) {
            defer(beforeLsn, allowed);
        } else if (beforeLsn >= deferredBefore) {
            deferredBefore = 0;
        }
        return allowed > firstRetainedLsn ? allowed : 0;
    }

    /**
     * How far a truncation before {@code beforeLsn} may go: to the first LSN an open hold still needs,
     * unless that hold lags the last LSN by more than its maximum (then it yields, and is told so).
     */
    private long allowedBefore(long beforeLsn) {
        long allowed = beforeLsn;
        for (RetentionHold hold : holds) {
            long needed = hold.consumedLsn() + 1;
            if (hold.isClosed() || needed >= allowed) {
                continue;
            }
            long lag = lastLsn - hold.consumedLsn();
            if (lag > hold.maxLagEntries()) {
                hold.overrun();
                notices.add(new Notice(
                        System.Logger.Level.WARNING,
                        resources.dir() + ": " + hold.holder() + " lags by " + lag + " entries, more than its maximum"
                                + " of " + hold.maxLagEntries() + ": truncating before LSN " + beforeLsn
                                + " anyway; it loses LSNs " + needed + " to " + (beforeLsn - 1)));
                continue;
            }
            allowed = needed;
        }
        return allowed;
    }

    /** Remembers a truncation the holds stopped at {@code allowed}; with the lock held. */
    private void defer(long beforeLsn, long allowed) {
        if (beforeLsn > deferredBefore) {
            notices.add(new Notice(
                    System.Logger.Level.INFO,
                    resources.dir() + ": truncation before LSN " + beforeLsn + " goes only up to LSN " + allowed
                            + " for now: a retention hold still needs the entries after it"));
            deferredBefore = beforeLsn;
        }
    }

    /**
     * Logs what the holds decided, after the lock is released: a logging handler is code the store does
     * not control. Any thread may log another's notices; each is logged once.
     */
    private void logNotices() {
        for (Notice notice = notices.poll(); notice != null; notice = notices.poll()) {
            LOG.log(notice.level(), notice.message());
        }
    }

    /** Opens a retention hold that has consumed nothing after {@code consumedLsn}. */
    void addHold(RetentionHold hold) {
        holds.add(hold);
    }

    /** Closes out a hold, then does what it deferred. */
    void removeHold(RetentionHold hold) {
        holds.remove(hold);
        applyDeferredTruncation();
    }

    /** Does a deferred truncation as far as the holds now allow; cheap when none is deferred. */
    void applyDeferredTruncation() {
        if (deferredBefore == 0) {
            return;
        }
        long truncated;
        lock.lock();
        try {
            long target = deferredBefore;
            if (target == 0) {
                return;
            }
            truncated = truncateHeld(target, "deferred truncation before LSN " + target);
        } finally {
            lock.unlock();
            logNotices();
        }
        if (truncated > 0) {
            compactor.request(truncated);
        }
    }

    /** Flushes, then records a checkpoint; see {@link io.rockwal.core.EventLog#createCheckpoint()}. */
    long createCheckpoint() {
        long truncatedBefore;
        long checkpointLsn;
        lock.lock();
        try {
            flushLocked();
            checkpointLsn = lastFlushedLsn;
            truncatedBefore = 0;
            List<Long> kept = new ArrayList<>(checkpoints);
            kept.add(checkpointLsn);
            if (kept.size() > maxCheckpoints) {
                long oldest = kept.remove(0);
                if (oldest > firstRetainedLsn) {
                    truncatedBefore = heldBack(oldest);
                }
            }
            String action = "checkpoint at LSN " + checkpointLsn;
            try (WriteBatch batch = new WriteBatch()) {
                long now = clock.millis();
                batch.put(resources.metaHandle(), MetadataCodec.CHECKPOINTS_KEY, MetadataCodec.encodeCheckpoints(kept));
                if (truncatedBefore > 0) {
                    addTruncation(batch, truncatedBefore, now);
                } else {
                    putState(batch, lastFlushedLsn, now, firstRetainedLsn);
                }
                if (truncatedBefore > 0) {
                    writeTruncation(batch, truncatedBefore, action);
                } else {
                    write(batch, action);
                }
                lastUpdatedMillis = now;
            } catch (RocksDBException e) {
                throw resources.errors().map(e, action, MetadataCodec.COLUMN_FAMILY);
            }
            checkpoints = List.copyOf(kept);
            metrics.checkpoints.increment();
        } finally {
            lock.unlock();
            logNotices();
        }
        if (truncatedBefore > 0) {
            compactor.request(truncatedBefore);
        }
        return checkpointLsn;
    }

    WriteMetrics metrics() {
        return metrics;
    }

    /** How many entries wait in the buffer for the next flush: read without the lock, so possibly a moment old. */
    int bufferedEntries() {
        return bufferedCount;
    }

    /** Takes a consistent view for a reader: snapshot and buffer copy under the same lock. */
    @Override
    public ReadView openView() {
        lock.lock();
        try {
            return new ReadView(
                    resources.db(),
                    resources.db().getSnapshot(),
                    firstRetainedLsn,
                    lastFlushedLsn,
                    List.copyOf(buffer));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<BufferedEntry> buffered(long lsn) {
        lock.lock();
        try {
            if (lsn <= lastFlushedLsn || lsn > lastLsn) {
                return Optional.empty();
            }
            return Optional.of(buffer.get((int) (lsn - lastFlushedLsn - 1)));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long lastLsn() {
        return lastLsn;
    }

    @Override
    public long lastFlushedLsn() {
        return lastFlushedLsn;
    }

    @Override
    public long firstRetainedLsn() {
        return firstRetainedLsn;
    }

    List<Long> checkpoints() {
        lock.lock();
        try {
            return checkpoints;
        } finally {
            lock.unlock();
        }
    }

    LsnMetadata metadata() {
        lock.lock();
        try {
            return new LsnMetadata(lastLsn, lastFlushedLsn, lastUpdatedMillis, firstRetainedLsn);
        } finally {
            lock.unlock();
        }
    }

    private long append(StampedEvent stamped) {
        refuseIfStopped("write of an event of type " + stamped.event().type().name());
        TypeColumn column = writableColumns.get(stamped.event().type());
        long ordinal = ++lastOrdinals[column.position()];
        byte[] value = EntryValues.encode(
                stamped.event().operation(),
                stamped.event().codecId(),
                stamped.timestampMillis(),
                ordinal,
                stamped.event().payload());
        long lsn = lastLsn + 1;
        buffer.add(new BufferedEntry(lsn, column, value, stamped.event().indexKey()));
        bufferedCount = buffer.size();
        bufferedBytes += value.length;
        bufferedPayloadBytes += stamped.event().payload().length;
        lastLsn = lsn;
        return lsn;
    }

    /** Takes the last {@code count} entries back out of the buffer, with their LSNs and ordinals. */
    @SuppressWarnings("NonAtomicVolatileUpdate") // lastLsn changes only under the lock; volatile is for readers
    private void rollBack(int count) {
        for (int i = 0; i < count; i++) {
            BufferedEntry entry = buffer.remove(buffer.size() - 1);
            bufferedBytes -= entry.value().length;
            bufferedPayloadBytes -= entry.decode().payload().length; // rare: a failed flush
            lastOrdinals[entry.column().position()]--;
        }
        lastLsn -= count;
        bufferedCount = buffer.size();
    }

    private void flushLocked() {
        if (buffer.isEmpty()) {
            return;
        }
        long from = buffer.get(0).lsn();
        long upTo = buffer.get(buffer.size() - 1).lsn();
        long now = clock.millis();
        String action = "flush of LSNs " + from + ".." + upTo;
        try (WriteBatch batch = new WriteBatch()) {
            for (BufferedEntry entry : buffer) {
                batch.put(entry.column().handle(), LsnKeys.encode(entry.lsn()), entry.value());
                if (entry.indexKey() != null) {
                    batch.put(
                            resources.keysHandle(),
                            KeyIndex.entry(entry.column().type(), entry.indexKey(), entry.lsn()),
                            NO_VALUE);
                }
            }
            putState(batch, upTo, now, firstRetainedLsn);
            FlightEvents.Flush event = new FlightEvents.Flush();
            event.begin();
            long started = System.nanoTime();
            write(batch, action);
            metrics.flushed(buffer.size(), bufferedPayloadBytes, System.nanoTime() - started);
            if (event.shouldCommit()) {
                event.directory = resources.dir().toString();
                event.fromLsn = from;
                event.toLsn = upTo;
                event.entries = buffer.size();
                event.payloadBytes = bufferedPayloadBytes;
                event.commit();
            }
        } catch (RocksDBException e) {
            throw resources.errors().map(e, action, null);
        }
        lastFlushedLsn = upTo;
        lastUpdatedMillis = now;
        buffer.clear();
        bufferedCount = 0;
        bufferedBytes = 0;
        bufferedPayloadBytes = 0;
        flushSignal.flushed();
    }

    /** Adds a range delete of {@code [firstRetainedLsn, beforeLsn)} to every type column family, and the new state. */
    private void addTruncation(WriteBatch batch, long beforeLsn, long now) throws RocksDBException {
        byte[] from = LsnKeys.encode(firstRetainedLsn);
        byte[] before = LsnKeys.encode(beforeLsn);
        for (TypeColumn column : resources.typeColumns()) {
            batch.deleteRange(column.handle(), from, before);
        }
        putState(batch, lastFlushedLsn, now, beforeLsn);
    }

    private void putState(WriteBatch batch, long flushedLsn, long now, long firstRetained) throws RocksDBException {
        batch.put(
                resources.metaHandle(),
                MetadataCodec.STATE_KEY,
                MetadataCodec.encodeState(flushedLsn, now, firstRetained));
    }

    /**
     * Writes a batch that truncates before {@code beforeLsn}. The first retained LSN moves first, so a
     * lookup that runs beside the write (without a snapshot) never finds an LSN above the old first
     * retained one missing while the first retained LSN still says it is kept; it moves back if the
     * write fails.
     */
    private void writeTruncation(WriteBatch batch, long beforeLsn, String action) {
        long previous = firstRetainedLsn;
        firstRetainedLsn = beforeLsn;
        boolean written = false;
        FlightEvents.Truncation event = new FlightEvents.Truncation();
        event.begin();
        try {
            write(batch, action);
            written = true;
            metrics.truncations.increment();
            if (event.shouldCommit()) {
                event.directory = resources.dir().toString();
                event.beforeLsn = beforeLsn;
                event.commit();
            }
        } finally {
            if (!written) {
                firstRetainedLsn = previous;
            }
        }
    }

    private void refuseIfStopped(String action) {
        if (writesStopped != null) {
            throw new EventLogIOException(
                    "refusing the " + action + " in " + resources.dir() + ": writes stopped after "
                            + "an earlier write failed (" + writesStopped.getMessage()
                            + "); nothing after the last flushed LSN "
                            + lastFlushedLsn
                            + " is durable; close and reopen the store, which recovers what reached the disk",
                    writesStopped,
                    false);
        }
    }

    private void write(WriteBatch batch, String action) {
        refuseIfStopped(action);
        try {
            resources.db().write(resources.writeOptions(), batch);
            if (retryingWrite) {
                retryingWrite = false;
                resources.health().succeeded(WRITE_WORK);
            }
        } catch (RocksDBException e) {
            EventLogException mapped = resources.errors().map(e, action, null);
            if (!stopsWrites(e)
                    && mapped instanceof EventLogIOException io
                    && io.isTransient()
                    && resources.health() != null) {
                retryingWrite = true;
                resources
                        .health()
                        .retrying(
                                WRITE_WORK, "the " + action + " failed and waits for a retry: " + mapped.getMessage());
            }
            if (stopsWrites(e) && mapped instanceof EventLogIOException io) {
                writesStopped = io;
            } else if (stopsWrites(e)) {
                writesStopped = new EventLogIOException(mapped.getMessage(), e, false);
            }
            if (writesStopped != null && resources.health() != null) {
                resources
                        .health()
                        .fail("the " + action + " failed and may have lost data the disk had accepted: "
                                + mapped.getMessage());
            }
            throw mapped;
        }
    }

    /** An I/O error other than a full disk, or damage: the write may have lost data the disk had accepted. */
    private static boolean stopsWrites(RocksDBException e) {
        Status status = e.getStatus();
        if (status == null) {
            return true;
        }
        return status.getCode() == Status.Code.Corruption
                || (status.getCode() == Status.Code.IOError && status.getSubCode() != Status.SubCode.NoSpace);
    }
}
