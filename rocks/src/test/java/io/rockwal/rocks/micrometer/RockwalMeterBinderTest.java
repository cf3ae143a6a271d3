package io.rockwal.rocks.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rockwal.core.Operation;
import io.rockwal.core.WalType;
import io.rockwal.events.PoTSBlockEvent;
import io.rockwal.rocks.RocksEventLog;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The meters a node's registry sees, named as the README's table says, with what the log did. */
class RockwalMeterBinderTest {

    /** Every meter the README documents. */
    private static final List<String> DOCUMENTED = List.of(
            "rockwal.flush",
            "rockwal.entries.written",
            "rockwal.bytes.written",
            "rockwal.truncations",
            "rockwal.checkpoints",
            "rockwal.lsn.last",
            "rockwal.lsn.flushed",
            "rockwal.lsn.first.retained",
            "rockwal.buffer.entries",
            "rockwal.async.queue.entries",
            "rockwal.async.queue.bytes",
            "rockwal.compaction.lag",
            "rockwal.health",
            "rockwal.rocksdb.memtable",
            "rockwal.rocksdb.block.cache",
            "rockwal.rocksdb.table.readers",
            "rockwal.rocksdb.live.data",
            "rockwal.rocksdb.compaction.pending.bytes",
            "rockwal.rocksdb.compactions.running",
            "rockwal.rocksdb.compaction.pending",
            "rockwal.rocksdb.write.stopped",
            "rockwal.rocksdb.write.delayed.rate",
            "rockwal.rocksdb.background.errors",
            "rockwal.fsync",
            "rockwal.rocksdb.sst.bytes",
            "rockwal.rocksdb.level0.files",
            "rockwal.rocksdb.keys.estimated",
            "rockwal.rocksdb.wal.syncs",
            "rockwal.rocksdb.wal.bytes",
            "rockwal.rocksdb.bytes.written",
            "rockwal.rocksdb.stall",
            "rockwal.rocksdb.flush.bytes",
            "rockwal.rocksdb.compaction.read.bytes",
            "rockwal.rocksdb.compaction.write.bytes",
            "rockwal.rocksdb.block.cache.hits",
            "rockwal.rocksdb.block.cache.misses",
            "rockwal.rocksdb.bloom.useful");
    /** The meters there are once per column family, tagged with its name. */
    private static final List<String> PER_FAMILY = List.of(
            "rockwal.rocksdb.memtable",
            "rockwal.rocksdb.table.readers",
            "rockwal.rocksdb.live.data",
            "rockwal.rocksdb.sst.bytes",
            "rockwal.rocksdb.compaction.pending.bytes",
            "rockwal.rocksdb.level0.files",
            "rockwal.rocksdb.keys.estimated");

    @TempDir
    Path dir;

    @Test
    void tenThousandEntriesInTenFlushesShowAsTenThousandEntriesAndTenFlushes() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (RocksEventLog log = RocksEventLog.open(dir, 100_000)) {
            new RockwalMeterBinder(log, Tags.of("store", "wal")).bindTo(registry);
            long payloadBytes = 0;
            for (int flush = 0; flush < 10; flush++) {
                for (int i = 1; i <= 1000; i++) {
                    log.write(new PoTSBlockEvent(Operation.APPEND, flush * 1000L + i, new byte[i % 64], i));
                }
                log.flush();
            }
            for (long lsn = 1; lsn <= 10_000; lsn++) {
                payloadBytes += log.get(lsn).orElseThrow().payload().length;
            }
            log.createCheckpoint();
            log.truncateBefore(5_001);
            log.write(new PoTSBlockEvent(Operation.APPEND, 10_001, new byte[1], 1));

            assertThat(registry.getMeters().stream()
                            .map(m -> m.getId().getName())
                            .distinct())
                    .containsExactlyInAnyOrderElementsOf(DOCUMENTED);
            List<String> families =
                    log.metrics().rocksdb().columnFamilies().keySet().stream().toList();
            assertThat(families).hasSize(WalType.standardTypes().size() + 2);
            for (String name : DOCUMENTED) {
                List<String> tagged = registry.find(name).meters().stream()
                        .map(m -> m.getId().getTag(RockwalMeterBinder.COLUMN_FAMILY_TAG))
                        .toList();
                if (PER_FAMILY.contains(name)) {
                    assertThat(tagged).as(name).containsExactlyInAnyOrderElementsOf(families);
                } else {
                    assertThat(tagged).as(name).containsExactly((String) null);
                }
            }
            assertThat(registry.getMeters())
                    .allSatisfy(m -> assertThat(m.getId().getTag("store")).isEqualTo("wal"));

            FunctionTimer flushes = registry.get("rockwal.flush").functionTimer();
            assertThat(flushes.count()).isEqualTo(10);
            assertThat(flushes.totalTime(TimeUnit.NANOSECONDS)).isPositive();
            assertThat(registry.get("rockwal.entries.written").functionCounter().count())
                    .isEqualTo(10_000);
            assertThat(registry.get("rockwal.bytes.written").functionCounter().count())
                    .isEqualTo((double) payloadBytes);
            assertThat(registry.get("rockwal.checkpoints").functionCounter().count())
                    .isEqualTo(1);
            assertThat(registry.get("rockwal.truncations").functionCounter().count())
                    .isEqualTo(1);
            assertThat(registry.get("rockwal.lsn.last").gauge().value()).isEqualTo(10_001);
            assertThat(registry.get("rockwal.lsn.flushed").gauge().value()).isEqualTo(10_000);
            assertThat(registry.get("rockwal.lsn.first.retained").gauge().value())
                    .isEqualTo(5_001);
            assertThat(registry.get("rockwal.buffer.entries").gauge().value()).isEqualTo(1);
            assertThat(registry.get("rockwal.async.queue.entries").gauge().value())
                    .isZero();
            assertThat(registry.get("rockwal.health").gauge().value()).isZero();
            assertThat(registry.get("rockwal.rocksdb.memtable")
                            .tag(RockwalMeterBinder.COLUMN_FAMILY_TAG, WalType.POTS.name())
                            .gauge()
                            .value())
                    .as("the family holding the entries")
                    .isGreaterThan(payloadBytes
                            + registry.get("rockwal.rocksdb.memtable")
                                    .tag(RockwalMeterBinder.COLUMN_FAMILY_TAG, WalType.HEADER_SYNC.name())
                                    .gauge()
                                    .value());
            assertThat(registry.get("rockwal.rocksdb.level0.files")
                            .tag(RockwalMeterBinder.COLUMN_FAMILY_TAG, WalType.POTS.name())
                            .gauge()
                            .value())
                    .isZero();
            FunctionTimer fsyncs = registry.get("rockwal.fsync").functionTimer();
            assertThat(fsyncs.count()).isGreaterThanOrEqualTo(10);
            assertThat(fsyncs.totalTime(TimeUnit.NANOSECONDS)).isPositive();
            assertThat(registry.get("rockwal.rocksdb.wal.syncs")
                            .functionCounter()
                            .count())
                    .as("every fsync RocksDB counts")
                    .isGreaterThanOrEqualTo(fsyncs.count());
            assertThat(registry.get("rockwal.rocksdb.wal.bytes")
                            .functionCounter()
                            .count())
                    .isGreaterThan((double) payloadBytes);
            assertThat(registry.get("rockwal.rocksdb.background.errors").gauge().value())
                    .isZero();
        }
        // a closed log keeps its last values: no exception out of a scrape
        assertThat(registry.get("rockwal.entries.written").functionCounter().count())
                .isEqualTo(10_000);
        assertThat(registry.getMeters()).extracting(Meter::measure).isNotEmpty();
    }
}
