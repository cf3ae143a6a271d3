package io.rockwal.rocks.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.rockwal.core.EventLogClosedException;
import io.rockwal.rocks.LogMetrics;
import io.rockwal.rocks.RocksEventLog;
import io.rockwal.rocks.StoreHealth;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Binds a log's {@link RocksEventLog#metrics()} and {@link RocksEventLog#health()} to a Micrometer
 * registry. The meter names are public API, listed in the README's table; every meter carries the tags
 * given here (a node with several logs tells them apart by a tag). The meters read one snapshot per
 * scrape: values are at most {@value #SNAPSHOT_MILLIS} ms old. Once the log is closed they keep the
 * last values they read. The registry holds the log weakly, as Micrometer holds the objects its
 * function meters read: the meters report nothing once the node let go of the log.
 *
 * <pre>{@code
 * new RockwalMeterBinder(log, Tags.of("store", "wal")).bindTo(registry);
 * }</pre>
 */
public final class RockwalMeterBinder implements MeterBinder {

    /** The tag naming the column family of a per-family RocksDB gauge: a type's name, {@code rockwal:keys} or {@code rockwal:meta}. */
    public static final String COLUMN_FAMILY_TAG = "column.family";

    /** How long one snapshot serves the meters of a scrape. */
    static final long SNAPSHOT_MILLIS = 100;

    private final RocksEventLog log;
    private final Tags tags;
    private final Object lock = new Object();
    private LogMetrics snapshot;
    private long takenAtNanos;
    private StoreHealth.Status lastHealth = StoreHealth.Status.OK;

    /** Binds {@code log}'s meters without tags of their own. */
    public RockwalMeterBinder(RocksEventLog log) {
        this(log, Tags.empty());
    }

    /**
     * Binds {@code log}'s meters, each tagged with {@code tags}.
     *
     * @throws EventLogClosedException if the log is already closed
     */
    public RockwalMeterBinder(RocksEventLog log, Iterable<Tag> tags) {
        this.log = Objects.requireNonNull(log, "log");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
        this.snapshot = log.metrics();
        // stale from the start: the first meter read takes its own
        this.takenAtNanos = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(2 * SNAPSHOT_MILLIS);
    }

    /** The documented value of {@code rockwal.health}; never the enum's ordinal, which could move. */
    static int healthCode(StoreHealth.Status status) {
        return switch (status) {
            case OK -> 0;
            case DEGRADED -> 1;
            case FAILED -> 2;
        };
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionTimer.builder(
                        "rockwal.flush",
                        log,
                        l -> metrics().flushes(),
                        l -> metrics().flushNanos().sum(),
                        TimeUnit.NANOSECONDS)
                .tags(tags)
                .description("flushes (explicit, full buffer or group commit), fsync included")
                .register(registry);
        counter(registry, "rockwal.entries.written", "entries flushed", null, LogMetrics::entriesWritten);
        counter(registry, "rockwal.bytes.written", "payload bytes flushed", "bytes", LogMetrics::payloadBytesWritten);
        counter(
                registry,
                "rockwal.truncations",
                "truncations, checkpoint rotations included",
                null,
                LogMetrics::truncations);
        counter(registry, "rockwal.checkpoints", "checkpoints created", null, LogMetrics::checkpoints);
        gauge(registry, "rockwal.lsn.last", "the last LSN given out", null, LogMetrics::lastLsn);
        gauge(registry, "rockwal.lsn.flushed", "the last LSN flushed", null, LogMetrics::lastFlushedLsn);
        gauge(
                registry,
                "rockwal.lsn.first.retained",
                "the first LSN not truncated",
                null,
                LogMetrics::firstRetainedLsn);
        gauge(
                registry,
                "rockwal.buffer.entries",
                "entries written, not flushed yet",
                null,
                LogMetrics::bufferedEntries);
        gauge(
                registry,
                "rockwal.async.queue.entries",
                "requests waiting for the group committer",
                null,
                LogMetrics::asyncQueueEntries);
        gauge(
                registry,
                "rockwal.async.queue.bytes",
                "payload bytes waiting for the group committer",
                "bytes",
                LogMetrics::asyncQueueBytes);
        gauge(
                registry,
                "rockwal.compaction.lag",
                "truncated LSNs whose space is not given back yet",
                null,
                LogMetrics::compactionLagLsns);
        Gauge.builder("rockwal.health", log, l -> healthCode(health()))
                .tags(tags)
                .description("0 OK, 1 DEGRADED, 2 FAILED")
                .register(registry);
        FunctionTimer.builder(
                        "rockwal.fsync",
                        log,
                        l -> metrics().fsyncNanos().count(),
                        l -> metrics().fsyncNanos().sum(),
                        TimeUnit.NANOSECONDS)
                .tags(tags)
                .description("fsyncs of RocksDB's write-ahead log (RocksDB's statistics)")
                .register(registry);
        rocksdb(
                registry,
                "block.cache",
                "memory the block cache holds (shared by every column family)",
                "bytes",
                f -> f.blockCacheBytes());
        rocksdb(registry, "compactions.running", "compactions running", null, f -> f.runningCompactions());
        rocksdb(
                registry,
                "compaction.pending",
                "column families waiting for a compaction",
                null,
                f -> f.compactionPending());
        rocksdb(registry, "write.stopped", "1 while RocksDB stops writes", null, f -> f.writeStopped());
        rocksdb(
                registry,
                "write.delayed.rate",
                "bytes per second RocksDB allows while it delays writes",
                "bytes",
                f -> f.delayedWriteRate());
        rocksdb(
                registry,
                "background.errors",
                "RocksDB background errors since the open",
                null,
                f -> f.backgroundErrors());
        for (String family : snapshot.rocksdb().columnFamilies().keySet()) {
            Tags familyTags = tags.and(COLUMN_FAMILY_TAG, family);
            family(
                    registry,
                    familyTags,
                    family,
                    "memtable",
                    "memory of the memtables",
                    "bytes",
                    f -> f.memtableBytes());
            family(
                    registry,
                    familyTags,
                    family,
                    "table.readers",
                    "memory of table indexes and filters outside the block cache",
                    "bytes",
                    f -> f.tableReaderBytes());
            family(
                    registry,
                    familyTags,
                    family,
                    "live.data",
                    "estimated bytes of live data",
                    "bytes",
                    f -> f.estimatedLiveDataBytes());
            family(
                    registry,
                    familyTags,
                    family,
                    "sst.bytes",
                    "bytes of the table files in use",
                    "bytes",
                    f -> f.liveSstBytes());
            family(
                    registry,
                    familyTags,
                    family,
                    "compaction.pending.bytes",
                    "bytes compaction still has to rewrite",
                    "bytes",
                    f -> f.pendingCompactionBytes());
            family(registry, familyTags, family, "level0.files", "table files at level 0", null, f -> f.level0Files());
            family(
                    registry,
                    familyTags,
                    family,
                    "keys.estimated",
                    "RocksDB's estimate of the keys",
                    null,
                    f -> f.estimatedKeys());
        }
        ticker(registry, "wal.syncs", "fsyncs of the write-ahead log", null, c -> c.walSyncs());
        ticker(registry, "wal.bytes", "bytes written to the write-ahead log", "bytes", c -> c.walBytes());
        ticker(registry, "bytes.written", "bytes of keys and values written", "bytes", c -> c.bytesWritten());
        ticker(registry, "stall", "time writers waited in write stalls", "seconds", c -> c.stallMicros() / 1e6);
        ticker(
                registry,
                "flush.bytes",
                "bytes memtable flushes wrote to table files",
                "bytes",
                c -> c.flushWriteBytes());
        ticker(registry, "compaction.read.bytes", "bytes compactions read", "bytes", c -> c.compactionReadBytes());
        ticker(registry, "compaction.write.bytes", "bytes compactions wrote", "bytes", c -> c.compactionWriteBytes());
        ticker(registry, "block.cache.hits", "block cache hits", null, c -> c.blockCacheHits());
        ticker(registry, "block.cache.misses", "block cache misses", null, c -> c.blockCacheMisses());
        ticker(registry, "bloom.useful", "table reads a bloom filter saved", null, c -> c.bloomFilterUseful());
    }

    private void counter(
            MeterRegistry registry, String name, String description, String unit, ToDoubleFunction<LogMetrics> value) {
        FunctionCounter.builder(name, log, l -> value.applyAsDouble(metrics()))
                .tags(tags)
                .description(description)
                .baseUnit(unit)
                .register(registry);
    }

    private void gauge(
            MeterRegistry registry, String name, String description, String unit, ToDoubleFunction<LogMetrics> value) {
        Gauge.builder(name, log, l -> value.applyAsDouble(metrics()))
                .tags(tags)
                .description(description)
                .baseUnit(unit)
                .register(registry);
    }

    private void rocksdb(
            MeterRegistry registry,
            String name,
            String description,
            String unit,
            ToDoubleFunction<LogMetrics.RocksDbFigures> value) {
        gauge(registry, "rockwal.rocksdb." + name, description, unit, m -> {
            double figure = value.applyAsDouble(m.rocksdb());
            return figure < 0 ? Double.NaN : figure; // RocksDB did not report it
        });
    }

    /** The snapshot of this scrape: a fresh one if the last is older than {@value #SNAPSHOT_MILLIS} ms. */
    private LogMetrics metrics() {
        synchronized (lock) {
            long now = System.nanoTime();
            if (now - takenAtNanos >= TimeUnit.MILLISECONDS.toNanos(SNAPSHOT_MILLIS)) {
                try {
                    snapshot = log.metrics();
                    takenAtNanos = now;
                } catch (EventLogClosedException closed) {
                    takenAtNanos = now; // keep the last values
                }
            }
            return snapshot;
        }
    }

    private void family(
            MeterRegistry registry,
            Tags familyTags,
            String family,
            String name,
            String description,
            String unit,
            ToDoubleFunction<LogMetrics.ColumnFamilyFigures> value) {
        Gauge.builder("rockwal.rocksdb." + name, log, l -> {
                    LogMetrics.ColumnFamilyFigures figures =
                            metrics().rocksdb().columnFamilies().get(family);
                    double figure = figures == null ? -1 : value.applyAsDouble(figures);
                    return figure < 0 ? Double.NaN : figure;
                })
                .tags(familyTags)
                .description(description + ", per column family")
                .baseUnit(unit)
                .register(registry);
    }

    private void ticker(
            MeterRegistry registry,
            String name,
            String description,
            String unit,
            ToDoubleFunction<LogMetrics.RocksDbCounters> value) {
        counter(
                registry,
                "rockwal.rocksdb." + name,
                description + " (RocksDB's statistics)",
                unit,
                m -> value.applyAsDouble(m.rocksdbCounters()));
    }

    private StoreHealth.Status health() {
        synchronized (lock) {
            try {
                lastHealth = log.health().status();
            } catch (EventLogClosedException closed) {
                // keep the last state
            }
            return lastHealth;
        }
    }
}
