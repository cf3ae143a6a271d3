package io.rockwal.rocks;

import io.rockwal.core.EncodedEvent;
import io.rockwal.core.LsnMetadata;
import io.rockwal.core.WalType;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import org.rocksdb.RocksDBException;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;

/**
 * The write side of a store: hands out LSNs and per-type ordinals, buffers entries, and writes
 * batches, truncations and checkpoints, each as one atomic RocksDB write together with the metadata
 * and index entries it changes.
 *
 * <p>One lock serialises LSN assignment and every write to RocksDB, so the buffer always holds the
 * LSNs {@code lastFlushedLsn + 1 .. lastLsn} in order. The LSN counters are also published in volatile
 * fields for readers that only need a bound.
 */
final class LogWriter implements ReadState {

    /** An entry written but not yet flushed: LSN, column family, encoded value, secondary key or null. */
    record Pending(long lsn, TypeColumn column, byte[] value, byte[] indexKey) {
    }

    /** The buffer is also flushed when its values reach this size, whatever the batch size. */
    static final long MAX_BUFFERED_BYTES = 64L << 20;

    /**
     * What a reader needs to see the log as of one moment: a RocksDB snapshot holding every entry up
     * to {@code flushedUpTo} (null for a read-only view, whose data does not change under it), and a
     * copy of the buffer beyond it. The caller releases the snapshot.
     */
    record View(Snapshot snapshot, long firstRetainedLsn, long flushedUpTo, List<Pending> buffered) {
    }

    private static final byte[] NO_VALUE = new byte[0];

    private final ReentrantLock lock = new ReentrantLock();
    private final RocksResources resources;
    private final Compactor compactor;
    private final FlushSignal flushSignal;
    private final InstantSource clock;
    private final int batchSize;
    private final int maxCheckpoints;
    private final Map<WalType, TypeColumn> writableColumns = new HashMap<>();
    /** Per type column ({@link TypeColumn#position()}), the ordinal of its newest entry, buffered or stored. */
    private final long[] lastOrdinals;
    private final List<Pending> buffer = new ArrayList<>();
    private long bufferedBytes;

    private volatile long lastLsn;
    private volatile long lastFlushedLsn;
    private volatile long firstRetainedLsn;
    private long lastUpdatedMillis;
    private List<Long> checkpoints;

    LogWriter(RocksResources resources, RocksEventLogOptions options, StoreState state, Compactor compactor,
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
        LsnMetadata lsnState = state.lsnState();
        this.lastOrdinals = new long[resources.typeColumns().size()];
        for (TypeColumn column : resources.typeColumns()) {
            lastOrdinals[column.position()] = state.lastOrdinals().getOrDefault(column.type(), 0L);
        }
        this.lastLsn = lsnState.lastFlushedLsn();
        this.lastFlushedLsn = lsnState.lastFlushedLsn();
        this.firstRetainedLsn = lsnState.firstRetainedLsn();
        this.lastUpdatedMillis = lsnState.lastUpdatedMillis();
        this.checkpoints = state.checkpoints();
    }

    /** Buffers an event (flushing when the buffer is full); if that flush fails the event is not logged. */
    long write(EncodedEvent event, long timestampMillis) {
        lock.lock();
        try {
            long lsn = append(event, timestampMillis);
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
     * Commits a group from the group committer, in order: writes are appended and flushed together (a
     * checkpoint request flushes what precedes it first), then each future is completed. A run of
     * writes whose flush fails is taken back out of the buffer and its futures fail: no caller is told
     * an entry failed that a later flush writes after all.
     */
    void commitGroup(List<GroupCommitter.Request> group) {
        lock.lock();
        try {
            List<CompletableFuture<Long>> pendingFutures = new ArrayList<>();
            List<Long> pendingLsns = new ArrayList<>();
            for (GroupCommitter.Request request : group) {
                if (request instanceof GroupCommitter.Write write) {
                    pendingLsns.add(append(write.event(), write.timestampMillis()));
                    pendingFutures.add(write.future());
                } else {
                    flushRun(pendingFutures, pendingLsns);
                    completeCheckpoint(request.future());
                }
            }
            flushRun(pendingFutures, pendingLsns);
        } finally {
            lock.unlock();
        }
    }

    private void flushRun(List<CompletableFuture<Long>> futures, List<Long> lsns) {
        if (futures.isEmpty()) {
            return;
        }
        try {
            flushLocked();
            for (int i = 0; i < futures.size(); i++) {
                futures.get(i).complete(lsns.get(i));
            }
        } catch (RuntimeException e) {
            rollBack(futures.size());
            futures.forEach(future -> future.completeExceptionally(e));
        }
        futures.clear();
        lsns.clear();
    }

    private void completeCheckpoint(CompletableFuture<Long> future) {
        try {
            future.complete(checkpointLocked());
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
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
        lock.lock();
        try {
            if (beforeLsn < 0 || beforeLsn > lastLsn + 1) {
                throw new IllegalArgumentException("cannot truncate " + resources.dir() + " before LSN " + beforeLsn
                        + ": it must be between 0 and last LSN + 1 = " + (lastLsn + 1));
            }
            if (beforeLsn <= firstRetainedLsn) {
                return;
            }
            flushLocked();
            try (WriteBatch batch = new WriteBatch()) {
                long now = clock.millis();
                addTruncation(batch, beforeLsn, now);
                write(batch, "truncation before LSN " + beforeLsn);
                lastUpdatedMillis = now;
            } catch (RocksDBException e) {
                throw RocksErrors.map(e, "truncation before LSN " + beforeLsn, resources.dir(), null);
            }
            firstRetainedLsn = beforeLsn;
        } finally {
            lock.unlock();
        }
        compactor.request(beforeLsn);
    }

    long createCheckpoint() {
        lock.lock();
        try {
            return checkpointLocked();
        } finally {
            lock.unlock();
        }
    }

    private long checkpointLocked() {
        flushLocked();
        long checkpointLsn = lastFlushedLsn;
        long truncatedBefore = 0;
        List<Long> kept = new ArrayList<>(checkpoints);
        kept.add(checkpointLsn);
        if (kept.size() > maxCheckpoints) {
            long oldest = kept.remove(0);
            if (oldest > firstRetainedLsn) {
                truncatedBefore = oldest;
            }
        }
        try (WriteBatch batch = new WriteBatch()) {
            long now = clock.millis();
            batch.put(resources.metaHandle(), MetadataCodec.CHECKPOINTS_KEY, MetadataCodec.encodeCheckpoints(kept));
            if (truncatedBefore > 0) {
                addTruncation(batch, truncatedBefore, now);
            } else {
                putState(batch, new LsnMetadata(lastLsn, lastFlushedLsn, now, firstRetainedLsn));
            }
            write(batch, "checkpoint at LSN " + checkpointLsn);
            if (truncatedBefore > 0) {
                firstRetainedLsn = truncatedBefore;
            }
            lastUpdatedMillis = now;
        } catch (RocksDBException e) {
            throw RocksErrors.map(e, "checkpoint at LSN " + checkpointLsn, resources.dir(), MetadataCodec.COLUMN_FAMILY);
        }
        checkpoints = List.copyOf(kept);
        if (truncatedBefore > 0) {
            compactor.request(truncatedBefore);
        }
        return checkpointLsn;
    }

    /** Takes a consistent view for a reader: snapshot and buffer copy under the same lock. */
    @Override
    public View openView() {
        lock.lock();
        try {
            return new View(resources.db().getSnapshot(), firstRetainedLsn, lastFlushedLsn, List.copyOf(buffer));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Pending buffered(long lsn) {
        lock.lock();
        try {
            if (lsn <= lastFlushedLsn || lsn > lastLsn) {
                return null;
            }
            return buffer.get((int) (lsn - lastFlushedLsn - 1));
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

    private long append(EncodedEvent event, long timestampMillis) {
        TypeColumn column = writableColumns.get(event.type());
        long ordinal = ++lastOrdinals[column.position()];
        byte[] value = EntryValues.encode(event.operation(), event.codecId(), timestampMillis, ordinal, event.payload());
        long lsn = lastLsn + 1;
        buffer.add(new Pending(lsn, column, value, event.indexKey()));
        bufferedBytes += value.length;
        lastLsn = lsn;
        return lsn;
    }

    /** Takes the last {@code count} entries back out of the buffer, with their LSNs and ordinals. */
    private void rollBack(int count) {
        for (int i = 0; i < count; i++) {
            Pending pending = buffer.remove(buffer.size() - 1);
            bufferedBytes -= pending.value().length;
            lastOrdinals[pending.column().position()]--;
        }
        lastLsn -= count;
    }

    private void flushLocked() {
        if (buffer.isEmpty()) {
            return;
        }
        long from = buffer.get(0).lsn();
        long upTo = buffer.get(buffer.size() - 1).lsn();
        long now = clock.millis();
        try (WriteBatch batch = new WriteBatch()) {
            for (Pending pending : buffer) {
                byte[] key = LsnKeys.encode(pending.lsn());
                batch.put(pending.column().handle(), key, pending.value());
                if (pending.indexKey() != null) {
                    batch.put(resources.keysHandle(), KeyIndex.entry(pending.column().type(), pending.indexKey(),
                            pending.lsn()), NO_VALUE);
                }
            }
            putState(batch, new LsnMetadata(lastLsn, upTo, now, firstRetainedLsn));
            write(batch, "flush of LSNs " + from + ".." + upTo);
        } catch (RocksDBException e) {
            throw RocksErrors.map(e, "flush of LSNs " + from + ".." + upTo, resources.dir(), null);
        }
        lastFlushedLsn = upTo;
        lastUpdatedMillis = now;
        buffer.clear();
        bufferedBytes = 0;
        flushSignal.flushed();
    }

    /** Adds a range delete of {@code [firstRetainedLsn, beforeLsn)} to every type column family, and the new state. */
    private void addTruncation(WriteBatch batch, long beforeLsn, long now) throws RocksDBException {
        byte[] from = LsnKeys.encode(firstRetainedLsn);
        byte[] before = LsnKeys.encode(beforeLsn);
        for (TypeColumn column : resources.typeColumns()) {
            batch.deleteRange(column.handle(), from, before);
        }
        putState(batch, new LsnMetadata(lastLsn, lastFlushedLsn, now, beforeLsn));
    }

    private void putState(WriteBatch batch, LsnMetadata state) throws RocksDBException {
        batch.put(resources.metaHandle(), MetadataCodec.STATE_KEY, MetadataCodec.encodeState(state));
    }

    private void write(WriteBatch batch, String action) {
        try {
            resources.db().write(resources.writeOptions(), batch);
        } catch (RocksDBException e) {
            throw RocksErrors.map(e, action, resources.dir(), null);
        }
    }
}
