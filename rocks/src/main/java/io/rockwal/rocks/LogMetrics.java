package io.rockwal.rocks;

import java.util.Objects;

/**
 * What an open log has done since it opened and what it holds now, as {@link RocksEventLog#metrics()}
 * answers it: counters kept on the write path and RocksDB's own figures, read from memory. Taking one
 * costs no scan and no disk read. The counters start at 0 when the log opens; they are not stored.
 *
 * @param entriesWritten entries flushed (made durable when the log syncs on flush)
 * @param payloadBytesWritten their payload bytes, without the store's entry header
 * @param flushNanos nanoseconds per flush: one per {@link RocksEventLog#flush()}, full buffer or
 *     group commit, counting from handing the batch to RocksDB to its return, so the fsync included
 * @param entriesPerFlush entries per flush
 * @param groupSizes writes per group the asynchronous committer flushed together
 * @param asyncQueueEntries requests waiting for the committer
 * @param asyncQueueBytes payload bytes of the writes waiting for the committer
 * @param bufferedEntries entries written and not flushed yet
 * @param lastLsn the last LSN given out
 * @param lastFlushedLsn the last LSN flushed
 * @param firstRetainedLsn the first LSN not truncated
 * @param truncations truncations done, by {@code truncateBefore} or by a checkpoint rotation
 * @param checkpoints checkpoints created
 * @param compactionLagLsns truncated LSNs whose space background compaction has not given back yet
 * @param rocksdb RocksDB's figures
 */
public record LogMetrics(long entriesWritten, long payloadBytesWritten, Distribution flushNanos,
        Distribution entriesPerFlush, Distribution groupSizes, long asyncQueueEntries, long asyncQueueBytes,
        long bufferedEntries, long lastLsn, long lastFlushedLsn, long firstRetainedLsn, long truncations,
        long checkpoints, long compactionLagLsns, RocksDbFigures rocksdb) {

    /** Checks the parts. */
    public LogMetrics {
        Objects.requireNonNull(flushNanos, "flushNanos");
        Objects.requireNonNull(entriesPerFlush, "entriesPerFlush");
        Objects.requireNonNull(groupSizes, "groupSizes");
        Objects.requireNonNull(rocksdb, "rocksdb");
    }

    /** How many flushes there were. */
    public long flushes() {
        return flushNanos.count();
    }

    /**
     * RocksDB's properties, summed over the store's column families; -1 where RocksDB does not report
     * one.
     *
     * @param memtableBytes {@code rocksdb.cur-size-all-mem-tables}: memory of the memtables
     * @param blockCacheBytes {@code rocksdb.block-cache-usage}: memory the block cache holds
     * @param tableReaderBytes {@code rocksdb.estimate-table-readers-mem}: memory of table indexes and
     *     filters outside the block cache
     * @param estimatedLiveDataBytes {@code rocksdb.estimate-live-data-size}: bytes of live data
     * @param pendingCompactionBytes {@code rocksdb.estimate-pending-compaction-bytes}: bytes compaction
     *     still has to rewrite to bring the levels into shape
     * @param runningCompactions {@code rocksdb.num-running-compactions}
     * @param compactionPending {@code rocksdb.compaction-pending}: column families waiting for a compaction
     * @param writeStopped {@code rocksdb.is-write-stopped}: 1 while RocksDB stops writes
     * @param delayedWriteRate {@code rocksdb.actual-delayed-write-rate}: bytes per second RocksDB allows
     *     while it delays writes, 0 when it does not
     * @param backgroundErrors {@code rocksdb.background-errors}: background errors since the open
     */
    public record RocksDbFigures(long memtableBytes, long blockCacheBytes, long tableReaderBytes,
            long estimatedLiveDataBytes, long pendingCompactionBytes, long runningCompactions,
            long compactionPending, long writeStopped, long delayedWriteRate, long backgroundErrors) {

        static RocksDbFigures of(StoreResources resources) {
            return new RocksDbFigures(resources.aggregatedProperty("rocksdb.cur-size-all-mem-tables"),
                    resources.aggregatedProperty("rocksdb.block-cache-usage"),
                    resources.aggregatedProperty("rocksdb.estimate-table-readers-mem"),
                    resources.aggregatedProperty("rocksdb.estimate-live-data-size"),
                    resources.aggregatedProperty("rocksdb.estimate-pending-compaction-bytes"),
                    resources.longProperty("rocksdb.num-running-compactions"),
                    resources.aggregatedProperty("rocksdb.compaction-pending"),
                    resources.longProperty("rocksdb.is-write-stopped"),
                    resources.longProperty("rocksdb.actual-delayed-write-rate"),
                    resources.longProperty("rocksdb.background-errors"));
        }
    }
}
