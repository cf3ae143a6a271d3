package io.rockwal.rocks;

/**
 * An open log's {@link RocksEventLog#metrics()} and {@link RocksEventLog#health()} over JMX, as flat
 * attributes a JMX console or exporter reads without extra mapping. Registered only when the log is
 * opened with {@link RocksEventLogOptions.Builder#jmx(boolean) jmx(true)}, under the name
 * {@code io.rockwal:type=EventLog,directory="<the store's absolute directory>"} (the directory quoted
 * as {@link javax.management.ObjectName#quote} does), and unregistered when the log closes. The
 * attributes read one snapshot at most 100 ms old; durations are in nanoseconds, sizes in bytes, and a
 * RocksDB figure RocksDB does not report is -1. Read-only: no operation changes the log.
 */
public interface EventLogMXBean {

    /** The store's directory. */
    String getDirectory();

    /** {@code OK}, {@code DEGRADED} or {@code FAILED}. */
    String getHealth();

    /** Why the log is not {@code OK}; empty when it is. */
    String getHealthReason();

    /** When the log entered its current health state, ISO-8601 in UTC. */
    String getHealthSince();

    /** Entries flushed since the open. */
    long getEntriesWritten();

    /** Their payload bytes. */
    long getPayloadBytesWritten();

    /** Flushes since the open. */
    long getFlushes();

    /** Median flush time (nanoseconds, fsync included). */
    long getFlushNanosP50();

    /** 99th percentile flush time. */
    long getFlushNanosP99();

    /** 99.9th percentile flush time. */
    long getFlushNanosP999();

    /** Longest flush. */
    long getFlushNanosMax();

    /** Fsyncs of RocksDB's write-ahead log within a write, from RocksDB's statistics. */
    long getFsyncs();

    /** Median fsync time (nanoseconds). */
    long getFsyncNanosP50();

    /** 99th percentile fsync time. */
    long getFsyncNanosP99();

    /** Longest fsync. */
    long getFsyncNanosMax();

    /** Median entries per flush. */
    long getEntriesPerFlushP50();

    /** Requests waiting for the group committer. */
    long getAsyncQueueEntries();

    /** Payload bytes waiting for the group committer. */
    long getAsyncQueueBytes();

    /** Entries written, not flushed yet. */
    long getBufferedEntries();

    /** The last LSN given out. */
    long getLastLsn();

    /** The last LSN flushed. */
    long getLastFlushedLsn();

    /** The first LSN not truncated. */
    long getFirstRetainedLsn();

    /** Truncations since the open. */
    long getTruncations();

    /** Checkpoints created since the open. */
    long getCheckpoints();

    /** Truncated LSNs whose space background compaction has not given back yet. */
    long getCompactionLagLsns();

    /** RocksDB's memtable memory, all column families. */
    long getMemtableBytes();

    /** Memory the block cache holds. */
    long getBlockCacheBytes();

    /** Memory of table indexes and filters outside the block cache. */
    long getTableReaderBytes();

    /** RocksDB's estimate of the live data. */
    long getEstimatedLiveDataBytes();

    /** Bytes compaction still has to rewrite. */
    long getPendingCompactionBytes();

    /** 1 while RocksDB stops writes. */
    long getWriteStopped();

    /** RocksDB's background errors since the open. */
    long getBackgroundErrors();
}
