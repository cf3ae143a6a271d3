package io.rockwal.rocks.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rockwal.core.Operation;
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
    private static final List<String> DOCUMENTED = List.of("rockwal.flush", "rockwal.entries.written",
            "rockwal.bytes.written", "rockwal.truncations", "rockwal.checkpoints", "rockwal.lsn.last",
            "rockwal.lsn.flushed", "rockwal.lsn.first.retained", "rockwal.buffer.entries",
            "rockwal.async.queue.entries", "rockwal.async.queue.bytes", "rockwal.compaction.lag", "rockwal.health",
            "rockwal.rocksdb.memtable", "rockwal.rocksdb.block.cache", "rockwal.rocksdb.table.readers",
            "rockwal.rocksdb.live.data", "rockwal.rocksdb.compaction.pending.bytes",
            "rockwal.rocksdb.compactions.running", "rockwal.rocksdb.compaction.pending",
            "rockwal.rocksdb.write.stopped", "rockwal.rocksdb.write.delayed.rate",
            "rockwal.rocksdb.background.errors");

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

            assertThat(registry.getMeters()).extracting(m -> m.getId().getName())
                    .containsExactlyInAnyOrderElementsOf(DOCUMENTED);
            assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTag("store")).isEqualTo("wal"));

            FunctionTimer flushes = registry.get("rockwal.flush").functionTimer();
            assertThat(flushes.count()).isEqualTo(10);
            assertThat(flushes.totalTime(TimeUnit.NANOSECONDS)).isPositive();
            assertThat(registry.get("rockwal.entries.written").functionCounter().count()).isEqualTo(10_000);
            assertThat(registry.get("rockwal.bytes.written").functionCounter().count()).isEqualTo(payloadBytes);
            assertThat(registry.get("rockwal.checkpoints").functionCounter().count()).isEqualTo(1);
            assertThat(registry.get("rockwal.truncations").functionCounter().count()).isEqualTo(1);
            assertThat(registry.get("rockwal.lsn.last").gauge().value()).isEqualTo(10_001);
            assertThat(registry.get("rockwal.lsn.flushed").gauge().value()).isEqualTo(10_000);
            assertThat(registry.get("rockwal.lsn.first.retained").gauge().value()).isEqualTo(5_001);
            assertThat(registry.get("rockwal.buffer.entries").gauge().value()).isEqualTo(1);
            assertThat(registry.get("rockwal.async.queue.entries").gauge().value()).isZero();
            assertThat(registry.get("rockwal.health").gauge().value()).isZero();
            assertThat(registry.get("rockwal.rocksdb.memtable").gauge().value()).isPositive();
            assertThat(registry.get("rockwal.rocksdb.background.errors").gauge().value()).isZero();
        }
        // a closed log keeps its last values: no exception out of a scrape
        assertThat(registry.get("rockwal.entries.written").functionCounter().count()).isEqualTo(10_000);
        assertThat(registry.getMeters()).extracting(Meter::measure).isNotEmpty();
    }
}
