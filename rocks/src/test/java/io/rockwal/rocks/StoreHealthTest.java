package io.rockwal.rocks;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockwal.core.WalType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.FlushOptions;
import org.rocksdb.MutableColumnFamilyOptions;

/** How health is decided: what makes a log DEGRADED, what FAILED, and for how long. */
class StoreHealthTest {

    @TempDir
    Path dir;

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-03T10:00:00Z"));
    private final HealthMonitor monitor = new HealthMonitor("test-store", () -> now.get());

    private void later(Duration by) {
        now.updateAndGet(instant -> instant.plus(by));
    }

    @Test
    void aRetriedWriteDegradesTheLogUntilItSucceedsAndKeepsTheTimeOfTheFirstFailure() {
        monitor.retrying("write", "the flush failed and waits for a retry: disk full");
        Instant firstFailure = now.get();
        later(Duration.ofSeconds(5));
        monitor.retrying("write", "the flush failed and waits for a retry: disk still full");

        StoreHealth health = monitor.health(null);
        assertThat(health.status()).isEqualTo(StoreHealth.Status.DEGRADED);
        assertThat(health.reason()).endsWith("disk full");
        assertThat(health.since()).isEqualTo(firstFailure);

        monitor.succeeded("compaction"); // other work: changes nothing
        assertThat(monitor.health(null).status()).isEqualTo(StoreHealth.Status.DEGRADED);
        monitor.succeeded("write");
        assertThat(monitor.health(null).status()).isEqualTo(StoreHealth.Status.OK);
    }

    @Test
    void aFailureOutranksDegradationAndLastsUntilTheLogIsReopened() {
        monitor.retrying("compaction", "compaction failed");
        monitor.fail("the flush of LSNs 1..10 failed");
        monitor.succeeded("compaction");

        StoreHealth health = monitor.health("compaction is far behind");
        assertThat(health.status()).isEqualTo(StoreHealth.Status.FAILED);
        assertThat(health.reason()).isEqualTo("the flush of LSNs 1..10 failed");
    }

    @Test
    void aCompactionBacklogIsReportedSinceItWasFirstSeen() {
        StoreHealth first = monitor.health("compaction is far behind: 15 level-0 files");
        later(Duration.ofMinutes(1));
        StoreHealth again = monitor.health("compaction is far behind: 15 level-0 files");
        assertThat(again.status()).isEqualTo(StoreHealth.Status.DEGRADED);
        assertThat(again.since()).isEqualTo(first.since());

        later(Duration.ofMinutes(1));
        assertThat(monitor.health("compaction is far behind: 16 level-0 files").since())
                .as("the same backlog, grown")
                .isEqualTo(first.since());

        assertThat(monitor.health(null).status()).isEqualTo(StoreHealth.Status.OK);
        later(Duration.ofMinutes(1));
        assertThat(monitor.health("compaction is far behind: 15 level-0 files").since())
                .as("a new backlog")
                .isEqualTo(now.get());
    }

    @Test
    void levelZeroFilesPilingUpInATypesColumnFamilyAreSeenAsCompactionFarBehind() throws Exception {
        try (RocksEventLog log = RocksEventLog.open(dir, 100)) {
            assertThat(log.health().status()).isEqualTo(StoreHealth.Status.OK);
        }
        try (StoreResources resources = StoreResources.open(dir, RocksEventLogOptions.defaults());
                FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            TypeColumn pots = resources.column(WalType.POTS).orElseThrow();
            resources
                    .db()
                    .setOptions(
                            pots.handle(),
                            MutableColumnFamilyOptions.builder()
                                    .setDisableAutoCompactions(true)
                                    .build());
            assertThat(resources.compactionBacklog()).isNull();
            for (long lsn = 1; lsn <= 15; lsn++) {
                resources.db().put(pots.handle(), LsnKeys.encode(lsn), new byte[] {1});
                resources.db().flush(flush, pots.handle());
            }
            assertThat(resources.compactionBacklog())
                    .isEqualTo("compaction is far behind: column family 'wal:pots' has 15 level-0 files;"
                            + " RocksDB slows writes at 20");
        }
    }
}
