package io.rockwal.rocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockwal.core.EventLogClosedException;
import io.rockwal.core.Operation;
import io.rockwal.core.WalType;
import io.rockwal.events.PoTSBlockEvent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RocksEventLog#metrics()} and {@link RocksEventLog#health()} count what the log did. */
class LogMetricsTest {

    @TempDir
    Path dir;

    private static PoTSBlockEvent block(long number, int payloadBytes) {
        return new PoTSBlockEvent(Operation.APPEND, number, new byte[payloadBytes], number);
    }

    @Test
    void tenThousandEntriesInTenFlushesAreCountedAsSuch() {
        long payloadBytes = 0;
        try (RocksEventLog log = RocksEventLog.open(dir, 100_000)) {
            for (int flush = 0; flush < 10; flush++) {
                for (int i = 1; i <= 1000; i++) {
                    log.write(block(flush * 1000L + i, i % 300));
                }
                log.flush();
            }
            log.flush(); // nothing buffered: not a flush

            LogMetrics metrics = log.metrics();
            for (long lsn = 1; lsn <= 10_000; lsn++) {
                payloadBytes += log.get(lsn).orElseThrow().payload().length;
            }
            assertThat(metrics.entriesWritten()).isEqualTo(10_000);
            assertThat(metrics.payloadBytesWritten()).isEqualTo(payloadBytes);
            assertThat(metrics.flushes()).isEqualTo(10);
            assertThat(metrics.entriesPerFlush().count()).isEqualTo(10);
            assertThat(metrics.entriesPerFlush().p50()).isEqualTo(1000);
            assertThat(metrics.entriesPerFlush().max()).isEqualTo(1000);
            assertThat(metrics.entriesPerFlush().mean()).isEqualTo(1000.0);
            assertThat(metrics.flushNanos().p50())
                    .isPositive()
                    .isLessThanOrEqualTo(metrics.flushNanos().max());
            assertThat(metrics.flushNanos().p999())
                    .isGreaterThanOrEqualTo(metrics.flushNanos().p99())
                    .isGreaterThanOrEqualTo(metrics.flushNanos().p50());
            assertThat(metrics.lastLsn()).isEqualTo(10_000);
            assertThat(metrics.lastFlushedLsn()).isEqualTo(10_000);
            assertThat(metrics.firstRetainedLsn()).isEqualTo(1);
            assertThat(metrics.bufferedEntries()).isZero();
            assertThat(metrics.groupSizes().count()).isZero();
            assertThat(metrics.rocksdb().memtableBytes()).isPositive();
            assertThat(metrics.rocksdb().backgroundErrors()).isZero();
            assertThat(metrics.rocksdb().writeStopped()).isZero();

            // RocksDB's own figures: an fsync of its log per flush, counted by its statistics
            assertThat(metrics.fsyncNanos().count()).isGreaterThanOrEqualTo(10);
            assertThat(metrics.fsyncNanos().p50())
                    .isPositive()
                    .isLessThanOrEqualTo(metrics.fsyncNanos().max());
            assertThat(metrics.fsyncNanos().sum())
                    .isGreaterThanOrEqualTo(metrics.fsyncNanos().max());
            assertThat(metrics.rocksdbCounters().walSyncs())
                    .isEqualTo(metrics.fsyncNanos().count());
            assertThat(metrics.rocksdbCounters().walBytes()).isGreaterThan(payloadBytes);
            assertThat(metrics.rocksdbCounters().bytesWritten()).isGreaterThan(payloadBytes);
            assertThat(metrics.rocksdbCounters().stallMicros()).isZero();

            // per column family: the PoTS family holds the 10,000 entries, the others none
            assertThat(metrics.rocksdb().columnFamilies())
                    .containsKeys(
                            WalType.POTS.name(),
                            WalType.HEADER_SYNC.name(),
                            KeyIndex.COLUMN_FAMILY,
                            MetadataCodec.COLUMN_FAMILY);
            LogMetrics.ColumnFamilyFigures pots =
                    metrics.rocksdb().columnFamilies().get(WalType.POTS.name());
            assertThat(pots.estimatedKeys()).isEqualTo(10_000);
            assertThat(pots.memtableBytes()).isGreaterThan(payloadBytes);
            assertThat(pots.level0Files()).isZero();
            assertThat(metrics.rocksdb()
                            .columnFamilies()
                            .get(WalType.HEADER_SYNC.name())
                            .estimatedKeys())
                    .isZero();
            assertThat(metrics.rocksdb().columnFamilies().values().stream()
                            .mapToLong(LogMetrics.ColumnFamilyFigures::memtableBytes)
                            .sum())
                    .isLessThanOrEqualTo(metrics.rocksdb().memtableBytes());
        }
    }

    @Test
    void withoutRocksDbStatisticsTheFsyncHistogramAndCountersStayEmpty() {
        RocksEventLogOptions options =
                RocksEventLogOptions.builder().rocksDbStatistics(false).build();
        try (RocksEventLog log = RocksEventLog.open(dir, options)) {
            log.write(block(1, 10));
            log.flush();
            LogMetrics metrics = log.metrics();
            assertThat(metrics.flushes()).isEqualTo(1);
            assertThat(metrics.fsyncNanos()).isEqualTo(Distribution.EMPTY);
            assertThat(metrics.rocksdbCounters()).isEqualTo(LogMetrics.RocksDbCounters.NONE);
        }
    }

    @Test
    void bufferedEntriesTruncationsAndCheckpointsAreCounted() {
        try (RocksEventLog log = RocksEventLog.open(dir, 100)) {
            for (int i = 1; i <= 5; i++) {
                log.write(block(i, 10));
            }
            assertThat(log.metrics().bufferedEntries()).isEqualTo(5);
            assertThat(log.metrics().lastLsn()).isEqualTo(5);
            assertThat(log.metrics().lastFlushedLsn()).isZero();
            assertThat(log.metrics().entriesWritten()).isZero();

            log.createCheckpoint();
            log.truncateBefore(3);
            log.truncateBefore(2); // below the first retained LSN: nothing done, nothing counted

            LogMetrics metrics = log.metrics();
            assertThat(metrics.bufferedEntries()).isZero();
            assertThat(metrics.entriesWritten()).isEqualTo(5);
            assertThat(metrics.checkpoints()).isEqualTo(1);
            assertThat(metrics.truncations()).isEqualTo(1);
            assertThat(metrics.firstRetainedLsn()).isEqualTo(3);
        }
    }

    @Test
    void theCountersStartAgainAtZeroWhenTheLogReopens() {
        try (RocksEventLog log = RocksEventLog.open(dir, 100)) {
            log.write(block(1, 10));
            log.flush();
        }
        try (RocksEventLog log = RocksEventLog.open(dir, 100)) {
            assertThat(log.metrics().entriesWritten()).isZero();
            assertThat(log.metrics().flushes()).isZero();
            assertThat(log.metrics().lastFlushedLsn()).isEqualTo(1);
        }
    }

    @Test
    void everyAsynchronousWriteIsCountedInExactlyOneGroup() {
        try (RocksEventLog log = RocksEventLog.open(dir, 100)) {
            List<CompletableFuture<Long>> futures = new ArrayList<>();
            for (int i = 1; i <= 2000; i++) {
                futures.add(log.writeAsync(block(i, 32)));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();

            LogMetrics metrics = log.metrics();
            assertThat(metrics.groupSizes().sum()).isEqualTo(2000);
            assertThat(metrics.groupSizes().count()).isEqualTo(metrics.flushes());
            assertThat(metrics.groupSizes().max()).isLessThanOrEqualTo(GroupCommitter.MAX_GROUP);
            assertThat(metrics.entriesWritten()).isEqualTo(2000);
            assertThat(metrics.asyncQueueEntries()).isZero();
            assertThat(metrics.asyncQueueBytes()).isZero();
        }
    }

    @Test
    void aHealthyLogIsOkSinceItOpened() {
        Instant before = Instant.now();
        try (RocksEventLog log = RocksEventLog.open(dir, 100)) {
            log.write(block(1, 10));
            log.flush();
            StoreHealth health = log.health();
            assertThat(health.status()).isEqualTo(StoreHealth.Status.OK);
            assertThat(health.reason()).isEmpty();
            assertThat(health.since()).isBetween(before.minusSeconds(1), Instant.now());
        }
    }

    @Test
    void aClosedLogHasNoFigures() {
        RocksEventLog log = RocksEventLog.open(dir, 100);
        log.close();
        assertThatThrownBy(log::metrics).isInstanceOf(EventLogClosedException.class);
        assertThatThrownBy(log::health).isInstanceOf(EventLogClosedException.class);
    }
}
