package io.rockwal.rocks;

import io.rockwal.core.EventCatalog;
import io.rockwal.core.EventLog;
import io.rockwal.events.StandardEvents;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * How a {@link RocksEventLog} is opened. Immutable; build with {@link #builder()}. Every setting
 * documents its default.
 */
public final class RocksEventLogOptions {

    private final int batchSize;
    private final int maxCheckpoints;
    private final boolean syncOnFlush;
    private final EventCatalog catalog;
    private final InstantSource clock;
    private final long blockCacheBytes;
    private final long writeBufferBytes;
    private final boolean ownerOnlyFiles;
    private final Duration groupCommitDelay;
    private final int asyncQueueCapacity;
    private final long asyncQueueBytes;
    private final long firstLsn;
    private final boolean rocksDbStatistics;
    private final boolean jmx;

    private RocksEventLogOptions(Builder builder) {
        this.batchSize = builder.batchSize;
        this.maxCheckpoints = builder.maxCheckpoints;
        this.syncOnFlush = builder.syncOnFlush;
        this.catalog = builder.catalog;
        this.clock = builder.clock;
        this.blockCacheBytes = builder.blockCacheBytes;
        this.writeBufferBytes = builder.writeBufferBytes;
        this.ownerOnlyFiles = builder.ownerOnlyFiles;
        this.groupCommitDelay = builder.groupCommitDelay;
        this.asyncQueueCapacity = builder.asyncQueueCapacity;
        this.asyncQueueBytes = builder.asyncQueueBytes;
        this.firstLsn = builder.firstLsn;
        this.rocksDbStatistics = builder.rocksDbStatistics;
        this.jmx = builder.jmx;
    }

    /** Options with every default. */
    public static RocksEventLogOptions defaults() {
        return builder().build();
    }

    /** A builder holding every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options. */
    public Builder toBuilder() {
        return new Builder()
                .batchSize(batchSize)
                .maxCheckpoints(maxCheckpoints)
                .syncOnFlush(syncOnFlush)
                .catalog(catalog)
                .clock(clock)
                .firstLsn(firstLsn)
                .blockCacheBytes(blockCacheBytes)
                .writeBufferBytes(writeBufferBytes)
                .ownerOnlyFiles(ownerOnlyFiles)
                .groupCommitDelay(groupCommitDelay)
                .asyncQueueCapacity(asyncQueueCapacity)
                .asyncQueueBytes(asyncQueueBytes)
                .rocksDbStatistics(rocksDbStatistics)
                .jmx(jmx);
    }

    /** Entries buffered before an automatic flush. */
    public int batchSize() {
        return batchSize;
    }

    /** Checkpoints kept before the oldest is dropped and the log truncated before it. */
    public int maxCheckpoints() {
        return maxCheckpoints;
    }

    /** The LSN a store this open creates starts at; see {@link Builder#firstLsn(long)}. */
    public long firstLsn() {
        return firstLsn;
    }

    /** Whether a flush returns only after its data reached the disk (fsync). */
    public boolean syncOnFlush() {
        return syncOnFlush;
    }

    /** The codecs, and so the types, the log knows. */
    public EventCatalog catalog() {
        return catalog;
    }

    /** The clock that stamps entries. */
    public InstantSource clock() {
        return clock;
    }

    /** Cache for data, index and filter blocks, shared by all column families. */
    public long blockCacheBytes() {
        return blockCacheBytes;
    }

    /**
     * Memory all memtables together may use before RocksDB flushes them to disk; charged to the same
     * cache, so RocksDB's memory stays near {@code blockCacheBytes + writeBufferBytes}.
     */
    public long writeBufferBytes() {
        return writeBufferBytes;
    }

    /** Whether a directory and lock file the log creates are readable by their owner only. */
    public boolean ownerOnlyFiles() {
        return ownerOnlyFiles;
    }

    /** How long the group committer waits for more events before committing a group. */
    public Duration groupCommitDelay() {
        return groupCommitDelay;
    }

    /** How many asynchronous writes may wait in the queue. */
    public int asyncQueueCapacity() {
        return asyncQueueCapacity;
    }

    /** How many payload bytes asynchronous writes may hold in the queue. */
    public long asyncQueueBytes() {
        return asyncQueueBytes;
    }

    /**
     * Whether RocksDB keeps its statistics: the fsync histogram behind {@link LogMetrics#fsyncNanos()}
     * and the counters of {@link LogMetrics.RocksDbCounters}.
     */
    public boolean rocksDbStatistics() {
        return rocksDbStatistics;
    }

    /** Whether the open log registers its {@link EventLogMXBean} with the platform MBean server. */
    public boolean jmx() {
        return jmx;
    }

    @Override
    public String toString() {
        return "RocksEventLogOptions{batchSize=" + batchSize + ", maxCheckpoints=" + maxCheckpoints
                + ", syncOnFlush=" + syncOnFlush + ", types=" + catalog.types() + ", blockCacheBytes="
                + blockCacheBytes + ", writeBufferBytes=" + writeBufferBytes + ", ownerOnlyFiles=" + ownerOnlyFiles
                + ", groupCommitDelay=" + groupCommitDelay
                + ", asyncQueueCapacity=" + asyncQueueCapacity + ", asyncQueueBytes=" + asyncQueueBytes
                + ", rocksDbStatistics=" + rocksDbStatistics + ", jmx=" + jmx + "}";
    }

    /** Collects options; each setter validates its argument. Not thread-safe. */
    public static final class Builder {

        private int batchSize = EventLog.DEFAULT_BATCH_SIZE;
        private int maxCheckpoints = EventLog.DEFAULT_MAX_CHECKPOINTS;
        private long firstLsn = 1;
        private boolean syncOnFlush = true;
        private EventCatalog catalog;
        private InstantSource clock = InstantSource.system();
        private long blockCacheBytes = 32L << 20;
        private long writeBufferBytes = 64L << 20;
        private boolean ownerOnlyFiles = true;
        private Duration groupCommitDelay = Duration.ZERO;
        private int asyncQueueCapacity = 8192;
        private long asyncQueueBytes = 64L << 20;
        private boolean rocksDbStatistics = true;
        private boolean jmx;

        private Builder() {}

        /**
         * Entries buffered before an automatic flush. Default {@value EventLog#DEFAULT_BATCH_SIZE};
         * zero or less means the default, as in the original log.
         */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize <= 0 ? EventLog.DEFAULT_BATCH_SIZE : batchSize;
            return this;
        }

        /**
         * The LSN the first entry of a new store gets. Default 1. The store starts as if LSNs 1 to
         * {@code firstLsn - 1} had been written and truncated: its first retained LSN is
         * {@code firstLsn}, its last flushed LSN {@code firstLsn - 1}. For continuing a log whose front
         * was truncated elsewhere (an imported Go log, say). Applies only when this open creates the
         * store; an existing store keeps its LSNs, whatever this says.
         *
         * @throws IllegalArgumentException if {@code firstLsn} is below 1 or is {@link Long#MAX_VALUE}
         */
        public Builder firstLsn(long firstLsn) {
            if (firstLsn < 1 || firstLsn == Long.MAX_VALUE) {
                throw new IllegalArgumentException(
                        "first LSN must be between 1 and " + (Long.MAX_VALUE - 1) + ", was " + firstLsn);
            }
            this.firstLsn = firstLsn;
            return this;
        }

        /** Checkpoints kept. Default {@value EventLog#DEFAULT_MAX_CHECKPOINTS}; at least 1. */
        public Builder maxCheckpoints(int maxCheckpoints) {
            if (maxCheckpoints < 1) {
                throw new IllegalArgumentException("maximum checkpoints must be at least 1, was " + maxCheckpoints);
            }
            this.maxCheckpoints = maxCheckpoints;
            return this;
        }

        /**
         * Whether a flush waits for fsync. Default true. With false a flush still survives a process
         * kill (the data is in the operating system's cache) but not a power loss.
         */
        public Builder syncOnFlush(boolean syncOnFlush) {
            this.syncOnFlush = syncOnFlush;
            return this;
        }

        /**
         * The codecs the log encodes and decodes with. Default: {@link StandardEvents#catalog()}, the
         * node's eight event classes. Extend it with {@link EventCatalog#toBuilder()} to add a type.
         */
        public Builder catalog(EventCatalog catalog) {
            this.catalog = Objects.requireNonNull(catalog, "catalog");
            return this;
        }

        /** The clock that stamps entries. Default: the system clock. */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Cache for data, index and filter blocks. Default 32 MiB; at least 1 MiB. */
        public Builder blockCacheBytes(long bytes) {
            this.blockCacheBytes = atLeastOneMebibyte(bytes, "block cache");
            return this;
        }

        /**
         * Memory for all memtables together, charged to the block cache so the two together bound
         * RocksDB's memory. Default 64 MiB; at least 4 MiB.
         */
        public Builder writeBufferBytes(long bytes) {
            if (bytes < (4L << 20)) {
                throw new IllegalArgumentException("write buffer must be at least 4 MiB, was " + bytes + " bytes");
            }
            this.writeBufferBytes = bytes;
            return this;
        }

        /**
         * Whether a store directory and lock file that the log creates get owner-only permissions
         * (rwx------). Default true. An existing directory's permissions are left as they are.
         */
        public Builder ownerOnlyFiles(boolean ownerOnlyFiles) {
            this.ownerOnlyFiles = ownerOnlyFiles;
            return this;
        }

        /**
         * How long the group committer waits for more events once it has one, before committing.
         * Default zero: it commits at once, and whatever queues up during an fsync forms the next group,
         * which already batches well under load. A small delay (say 1 ms) trades latency for fewer
         * fsyncs when writers are few. At most one second.
         */
        public Builder groupCommitDelay(Duration delay) {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative() || delay.compareTo(Duration.ofSeconds(1)) > 0) {
                throw new IllegalArgumentException("group commit delay must be between 0 and 1 s, was " + delay);
            }
            this.groupCommitDelay = delay;
            return this;
        }

        /**
         * How many asynchronous writes may wait to be committed; a writer that finds the queue full
         * waits. Default 8192; at least 1.
         */
        public Builder asyncQueueCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("async queue capacity must be at least 1, was " + capacity);
            }
            this.asyncQueueCapacity = capacity;
            return this;
        }

        /**
         * How many payload bytes asynchronous writes may hold while they wait; a writer that would pass it
         * waits. Default 64 MiB; at least 1 MiB. A single larger event still goes through, alone.
         */
        public Builder asyncQueueBytes(long bytes) {
            this.asyncQueueBytes = atLeastOneMebibyte(bytes, "async queue");
            return this;
        }

        /**
         * Whether RocksDB keeps its statistics (its fsync histogram and counters such as block cache
         * hits), which {@link RocksEventLog#metrics()} reports. Default true: the README's observability
         * benchmark finds no cost on durable writes beyond its noise (a few per cent). Without them the fsync histogram and the
         * counters stay empty.
         */
        public Builder rocksDbStatistics(boolean keep) {
            this.rocksDbStatistics = keep;
            return this;
        }

        /**
         * Whether the log registers an {@link EventLogMXBean} with the platform MBean server when it
         * opens (and unregisters it when it closes). Default false: nothing is registered unless asked.
         * An open fails with {@link IllegalStateException} if JMX refuses the registration.
         */
        public Builder jmx(boolean register) {
            this.jmx = register;
            return this;
        }

        /** The options. */
        public RocksEventLogOptions build() {
            if (catalog == null) {
                catalog = StandardEvents.catalog();
            }
            return new RocksEventLogOptions(this);
        }

        private static long atLeastOneMebibyte(long bytes, String what) {
            if (bytes < (1L << 20)) {
                throw new IllegalArgumentException(what + " must be at least 1 MiB, was " + bytes + " bytes");
            }
            return bytes;
        }
    }
}
