package io.rockwal.rocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockwal.core.Operation;
import io.rockwal.events.PoTSBlockEvent;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A retention hold defers truncation until its holder has consumed, unless the holder lags too far. */
class RetentionHoldTest {

    @TempDir
    Path dir;

    private static void write(RocksEventLog log, int count) {
        for (int i = 0; i < count; i++) {
            log.write(new PoTSBlockEvent(Operation.APPEND, log.lastLsn() + 1, new byte[] {1, 2}, 0));
        }
        log.flush();
    }

    @Test
    void aTruncationRemovesOnlyWhatTheHolderConsumedAndTheRestAsItGoesOn() {
        try (RocksEventLog log = RocksEventLog.open(dir.resolve("store"), 0)) {
            write(log, 100);
            RetentionHold hold = log.holdRetention("exporter", 0, 1_000);
            log.truncateBefore(80);
            assertThat(log.metadata().firstRetainedLsn())
                    .as("nothing consumed, nothing removed")
                    .isEqualTo(1);
            assertThat(log.get(1)).isPresent();

            hold.consumedThrough(30);
            assertThat(log.metadata().firstRetainedLsn()).isEqualTo(31);
            assertThat(log.get(30)).isEmpty();
            assertThat(log.get(31)).isPresent();

            hold.consumedThrough(20);
            assertThat(hold.consumedLsn()).as("a hold never moves back").isEqualTo(30);

            hold.consumedThrough(95);
            assertThat(log.metadata().firstRetainedLsn())
                    .as("no further than the node asked")
                    .isEqualTo(80);
            hold.consumedThrough(99);
            assertThat(log.metadata().firstRetainedLsn()).isEqualTo(80);
            assertThat(hold.overruns()).isZero();
        }
    }

    @Test
    void aCheckpointRotationWaitsForTheHolderToo() {
        RocksEventLogOptions twoCheckpoints =
                RocksEventLogOptions.builder().batchSize(0).maxCheckpoints(2).build();
        try (RocksEventLog log = RocksEventLog.open(dir.resolve("store"), twoCheckpoints)) {
            RetentionHold hold = log.holdRetention("exporter", 0, 1_000);
            for (int round = 0; round < 3; round++) {
                write(log, 10);
                log.createCheckpoint();
            }
            assertThat(log.checkpoints()).containsExactly(20L, 30L);
            assertThat(log.metadata().firstRetainedLsn())
                    .as("the rotation deferred its truncation")
                    .isEqualTo(1);

            hold.close();
            assertThat(log.metadata().firstRetainedLsn())
                    .as("done once the hold is released")
                    .isEqualTo(10);
            assertThat(log.get(10)).isPresent();
        }
    }

    @Test
    void aHolderLaggingBeyondItsMaximumIsOverriddenAndCountsTheOverrun() {
        try (RocksEventLog log = RocksEventLog.open(dir.resolve("store"), 0)) {
            write(log, 100);
            RetentionHold hold = log.holdRetention("slow exporter", 10, 50);
            log.truncateBefore(40);
            assertThat(log.metadata().firstRetainedLsn())
                    .as("lag 90 > 50: truncated as asked")
                    .isEqualTo(40);
            assertThat(hold.overruns()).isEqualTo(1);

            RetentionHold close = log.holdRetention("close exporter", 70, 50);
            log.truncateBefore(90);
            assertThat(log.metadata().firstRetainedLsn())
                    .as("lag 30 <= 50: held at what it consumed")
                    .isEqualTo(71);
            assertThat(hold.overruns())
                    .as("the first hold lags more again and yields again")
                    .isEqualTo(2);
            assertThat(close.overruns()).isZero();
        }
    }

    @Test
    void twoHoldsHoldAtTheSlowerAndAClosedLogKeepsWhatWasDeferred() {
        Path store = dir.resolve("store");
        try (RocksEventLog log = RocksEventLog.open(store, 0)) {
            write(log, 100);
            RetentionHold fast = log.holdRetention("fast", 90, 1_000);
            RetentionHold slow = log.holdRetention("slow", 40, 1_000);
            log.truncateBefore(101);
            assertThat(log.metadata().firstRetainedLsn()).isEqualTo(41);
            fast.close();
            assertThat(log.metadata().firstRetainedLsn())
                    .as("the slower hold still holds")
                    .isEqualTo(41);
            slow.consumedThrough(60);
            assertThat(log.metadata().firstRetainedLsn()).isEqualTo(61);
        }
        try (RocksEventLog log = RocksEventLog.open(store, 0)) {
            assertThat(log.metadata().firstRetainedLsn())
                    .as("a deferred truncation is not persisted")
                    .isEqualTo(61);
            assertThat(log.lastLsn()).isEqualTo(100);
        }
    }

    @Test
    void badArgumentsAreRefusedByName() {
        try (RocksEventLog log = RocksEventLog.open(dir.resolve("store"), 0)) {
            assertThatThrownBy(() -> log.holdRetention(" ", 0, 1)).hasMessageContaining("holder");
            assertThatThrownBy(() -> log.holdRetention("x", -1, 1)).hasMessageContaining("consumedLsn");
            assertThatThrownBy(() -> log.holdRetention("x", 0, 0)).hasMessageContaining("maxLagEntries");
        }
    }

    @Test
    void aHoldOnAClosedLogDoesNothing() {
        RocksEventLog log = RocksEventLog.open(dir.resolve("store"), 0);
        write(log, 10);
        RetentionHold hold = log.holdRetention("exporter", 0, 1_000);
        log.truncateBefore(5);
        log.close();
        hold.consumedThrough(9);
        hold.close();
        assertThat(hold.consumedLsn()).isEqualTo(9);
    }
}
