package io.rockwal.rocks;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockwal.core.Event;
import io.rockwal.core.Operation;
import io.rockwal.core.WalType;
import io.rockwal.events.PoTSBlockEvent;
import io.rockwal.events.ReconciliationEvent;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code count(type)} from anchors (format invariant 5) across many anchors, truncations between
 * anchors, reopens that must recover the numbering, and damage to an anchor.
 */
class OrdinalCountTest {

    private static final List<WalType> TYPES = List.of(WalType.POTS, WalType.RECONCILIATION);

    @TempDir
    Path dir;

    private static Event event(WalType type, long number) {
        return type.equals(WalType.POTS)
                ? new PoTSBlockEvent(Operation.APPEND, number, new byte[] {(byte) number}, number)
                : new ReconciliationEvent("0x" + number, "1", "2", number, number);
    }

    private static Map<WalType, Long> replayedCounts(RocksEventLog log) {
        Map<WalType, Long> counts = new HashMap<>();
        log.replay(entry -> counts.merge(entry.type(), 1L, Long::sum));
        return counts;
    }

    private static void assertCountsMatchReplay(RocksEventLog log, String when) {
        Map<WalType, Long> replayed = replayedCounts(log);
        for (WalType type : TYPES) {
            assertThat(log.count(type)).as("%s: count of %s", when, type).isEqualTo(replayed.getOrDefault(type, 0L));
        }
    }

    @Test
    void countEqualsReplayThroughRandomWritesTruncationsAndReopens() {
        Random random = new Random(20261126L);
        RocksEventLog log = RocksEventLog.open(dir, 50);
        try {
            for (int step = 0; step < 300; step++) {
                int writes = random.nextInt(40);
                WalType favoured = TYPES.get(random.nextInt(TYPES.size()));
                for (int i = 0; i < writes; i++) {
                    WalType type = random.nextInt(4) == 0 ? TYPES.get(random.nextInt(TYPES.size())) : favoured;
                    log.write(event(type, log.lastLsn() + 1));
                }
                if (random.nextInt(3) == 0) {
                    log.flush();
                }
                if (random.nextInt(10) == 0) {
                    long first = log.metadata().firstRetainedLsn();
                    long before = first + random.nextLong(log.lastLsn() + 2 - first);
                    log.truncateBefore(before);
                }
                assertCountsMatchReplay(log, "step " + step);
                if (random.nextInt(15) == 0) {
                    log.close();
                    log = RocksEventLog.open(dir, 50);
                    assertCountsMatchReplay(log, "reopen at step " + step);
                }
            }
        } finally {
            log.close();
        }
    }

    @Test
    void aTypeWithNoRetainedAnchorIsRenumberedAtReopenAndCountsStayExact() {
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            for (int i = 1; i <= 100; i++) {
                log.write(event(WalType.POTS, i));
            }
            log.truncateBefore(70);
            assertThat(log.count(WalType.POTS)).isEqualTo(31);
        }
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            assertThat(log.count(WalType.POTS)).isEqualTo(31);
            for (int i = 101; i <= 300; i++) {
                log.write(event(WalType.POTS, i));
            }
            assertThat(log.count(WalType.POTS)).isEqualTo(231);
            log.truncateBefore(129);
            assertThat(log.count(WalType.POTS)).isEqualTo(172);
        }
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            assertThat(log.count(WalType.POTS)).isEqualTo(172);
        }
    }

    @Test
    void aDamagedAnchorLeavesTheCountExactWhileReadingItReportsTheDamage() throws Exception {
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            for (int i = 1; i <= 200; i++) {
                log.write(event(WalType.POTS, i));
            }
        }
        try (RawStore raw = RawStore.open(dir)) {
            raw.put("wal:pots", LsnKeys.encode(192), new byte[] {(byte) 0x93, 8});
        }
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            assertThat(log.count(WalType.POTS)).isEqualTo(200);
            log.write(event(WalType.POTS, 201));
            assertThat(log.count(WalType.POTS)).isEqualTo(201);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> log.get(192))
                    .isInstanceOfSatisfying(
                            io.rockwal.core.EventLogCorruptedException.class,
                            e -> assertThat(e.lsn()).isEqualTo(192));
        }
    }
}
