package io.rockwal.rocks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.HistogramData;
import org.rocksdb.HistogramType;
import org.rocksdb.Statistics;
import org.rocksdb.TickerType;

/**
 * What an open log has done since it opened and what it holds now, as {@link RocksEventLog#metrics()}
 * answers it: counters kept on the write path and RocksDB's own figures, read from memory. Taking one
 * costs no scan and no disk read. The counters start at 0 when the log opens; they are not stored.
 *
 * @param entriesWritten entries flushed (made durable when the log syncs on flush)
 * @param payloadBytesWritten their payload bytes, without the store's entry header
 * @param flushNanos nanoseconds per flush: one per {@link RocksEventLog#flush()}, full buffer or
 *     group commit, counting from handing the batch to RocksDB to its return, so the fsync included
 * @param fsyncNanos nanoseconds per fsync of RocksDB's write-ahead log within a write, from RocksDB's own
 *     histogram
 *     (microsecond resolution; its 99.9th percentile is not kept, so {@code p999} is the largest): empty
 *     when the log does not sync or {@link RocksEventLogOptions#rocksDbStatistics()} is off
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
 * @param rocksdbCounters RocksDB's counters since the open
 */
public record LogMetrics(
        long entriesWritten,
        long payloadBytesWritten,
        Distribution flushNanos,
        Distribution fsyncNanos,
        Distribution entriesPerFlush,
        Distribution groupSizes,
        long asyncQueueEntries,
        long asyncQueueBytes,
        long bufferedEntries,
        long lastLsn,
        long lastFlushedLsn,
        long firstRetainedLsn,
        long truncations,
        long checkpoints,
        long compactionLagLsns,
        RocksDbFigures rocksdb,
        RocksDbCounters rocksdbCounters) {

    /** Checks the parts. */
    public LogMetrics {
        Objects.requireNonNull(flushNanos, "flushNanos");
        Objects.requireNonNull(fsyncNanos, "fsyncNanos");
        Objects.requireNonNull(entriesPerFlush, "entriesPerFlush");
        Objects.requireNonNull(groupSizes, "groupSizes");
        Objects.requireNonNull(rocksdb, "rocksdb");
        Objects.requireNonNull(rocksdbCounters, "rocksdbCounters");
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
     * @param columnFamilies the figures of each column family, by its name: the types' families,
     *     {@code rockwal:keys} and {@code rockwal:meta}, in that order
     */
    public record RocksDbFigures(
            long memtableBytes,
            long blockCacheBytes,
            long tableReaderBytes,
            long estimatedLiveDataBytes,
            long pendingCompactionBytes,
            long runningCompactions,
            long compactionPending,
            long writeStopped,
            long delayedWriteRate,
            long backgroundErrors,
            Map<String, ColumnFamilyFigures> columnFamilies) {

        /** Keeps an unmodifiable copy of the map, in its order. */
        public RocksDbFigures {
            columnFamilies = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columnFamilies));
        }

        static RocksDbFigures of(StoreResources resources) {
            Map<String, ColumnFamilyFigures> families = new LinkedHashMap<>();
            resources
                    .columnFamilies()
                    .forEach((name, handle) -> families.put(name, ColumnFamilyFigures.of(resources, handle)));
            return new RocksDbFigures(
                    resources.aggregatedProperty("rocksdb.cur-size-all-mem-tables"),
                    resources.aggregatedProperty("rocksdb.block-cache-usage"),
                    resources.aggregatedProperty("rocksdb.estimate-table-readers-mem"),
                    resources.aggregatedProperty("rocksdb.estimate-live-data-size"),
                    resources.aggregatedProperty("rocksdb.estimate-pending-compaction-bytes"),
                    resources.longProperty("rocksdb.num-running-compactions"),
                    resources.aggregatedProperty("rocksdb.compaction-pending"),
                    resources.longProperty("rocksdb.is-write-stopped"),
                    resources.longProperty("rocksdb.actual-delayed-write-rate"),
                    resources.longProperty("rocksdb.background-errors"),
                    families);
        }
    }

    /**
     * RocksDB's properties of one column family; -1 where RocksDB does not report one.
     *
     * @param memtableBytes {@code rocksdb.cur-size-all-mem-tables}
     * @param tableReaderBytes {@code rocksdb.estimate-table-readers-mem}
     * @param estimatedLiveDataBytes {@code rocksdb.estimate-live-data-size}
     * @param liveSstBytes {@code rocksdb.live-sst-files-size}: bytes of the table files the family uses now
     * @param pendingCompactionBytes {@code rocksdb.estimate-pending-compaction-bytes}
     * @param level0Files {@code rocksdb.num-files-at-level0}: RocksDB slows writes when these pile up
     * @param estimatedKeys {@code rocksdb.estimate-num-keys}: RocksDB's estimate, not the exact count
     */
    public record ColumnFamilyFigures(
            long memtableBytes,
            long tableReaderBytes,
            long estimatedLiveDataBytes,
            long liveSstBytes,
            long pendingCompactionBytes,
            long level0Files,
            long estimatedKeys) {

        static ColumnFamilyFigures of(StoreResources resources, ColumnFamilyHandle handle) {
            return new ColumnFamilyFigures(
                    resources.columnFamilyProperty(handle, "rocksdb.cur-size-all-mem-tables"),
                    resources.columnFamilyProperty(handle, "rocksdb.estimate-table-readers-mem"),
                    resources.columnFamilyProperty(handle, "rocksdb.estimate-live-data-size"),
                    resources.columnFamilyProperty(handle, "rocksdb.live-sst-files-size"),
                    resources.columnFamilyProperty(handle, "rocksdb.estimate-pending-compaction-bytes"),
                    resources.columnFamilyProperty(handle, "rocksdb.num-files-at-level0"),
                    resources.columnFamilyProperty(handle, "rocksdb.estimate-num-keys"));
        }
    }

    /**
     * RocksDB's counters (its statistics' tickers) since the log opened; all 0 when
     * {@link RocksEventLogOptions#rocksDbStatistics()} is off.
     *
     * @param walSyncs {@code rocksdb.wal.synced}: fsyncs of the write-ahead log as RocksDB counts them,
     *     those it does outside a timed write (closing a log file it switches from) included: at least
     *     {@link LogMetrics#fsyncNanos()}'s count
     * @param walBytes {@code rocksdb.wal.bytes}: bytes written to the write-ahead log
     * @param bytesWritten {@code rocksdb.bytes.written}: bytes of keys and values written
     * @param stallMicros {@code rocksdb.stall.micros}: microseconds writers waited in write stalls
     * @param flushWriteBytes {@code rocksdb.flush.write.bytes}: bytes memtable flushes wrote to tables
     * @param compactionReadBytes {@code rocksdb.compact.read.bytes}
     * @param compactionWriteBytes {@code rocksdb.compact.write.bytes}
     * @param blockCacheHits {@code rocksdb.block.cache.hit}
     * @param blockCacheMisses {@code rocksdb.block.cache.miss}
     * @param bloomFilterUseful {@code rocksdb.bloom.filter.useful}: table reads a bloom filter saved
     */
    public record RocksDbCounters(
            long walSyncs,
            long walBytes,
            long bytesWritten,
            long stallMicros,
            long flushWriteBytes,
            long compactionReadBytes,
            long compactionWriteBytes,
            long blockCacheHits,
            long blockCacheMisses,
            long bloomFilterUseful) {

        static final RocksDbCounters NONE = new RocksDbCounters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

        static RocksDbCounters of(Statistics statistics) {
            if (statistics == null) {
                return NONE;
            }
            return new RocksDbCounters(
                    statistics.getTickerCount(TickerType.WAL_FILE_SYNCED),
                    statistics.getTickerCount(TickerType.WAL_FILE_BYTES),
                    statistics.getTickerCount(TickerType.BYTES_WRITTEN),
                    statistics.getTickerCount(TickerType.STALL_MICROS),
                    statistics.getTickerCount(TickerType.FLUSH_WRITE_BYTES),
                    statistics.getTickerCount(TickerType.COMPACT_READ_BYTES),
                    statistics.getTickerCount(TickerType.COMPACT_WRITE_BYTES),
                    statistics.getTickerCount(TickerType.BLOCK_CACHE_HIT),
                    statistics.getTickerCount(TickerType.BLOCK_CACHE_MISS),
                    statistics.getTickerCount(TickerType.BLOOM_FILTER_USEFUL));
        }
    }

    /** RocksDB's fsync histogram as a distribution in nanoseconds; empty without statistics. */
    static Distribution fsyncNanos(Statistics statistics) {
        if (statistics == null) {
            return Distribution.EMPTY;
        }
        HistogramData micros = statistics.getHistogramData(HistogramType.WAL_FILE_SYNC_MICROS);
        if (micros.getCount() == 0) {
            return Distribution.EMPTY;
        }
        long max = nanos(micros.getMax());
        return new Distribution(
                micros.getCount(),
                micros.getSum() * 1000,
                max,
                Math.min(max, nanos(micros.getMedian())),
                Math.min(max, nanos(micros.getPercentile99())),
                max);
    }

    private static long nanos(double micros) {
        return Math.round(micros * 1000);
    }
}
