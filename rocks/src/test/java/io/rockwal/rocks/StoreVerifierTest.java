package io.rockwal.rocks;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockwal.core.EventLogCorruptedException;
import io.rockwal.core.IndexKeys;
import io.rockwal.core.Operation;
import io.rockwal.core.Subscription;
import io.rockwal.core.WalType;
import io.rockwal.events.PoTSBlockEvent;
import io.rockwal.events.ReconciliationEvent;
import io.rockwal.events.StandardEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RocksEventLogReader#verify} on stores damaged behind the log's back, for what only a raw
 * walk can see: entries beyond the last flushed LSN, ordinals that disagree with their anchors, and the
 * key index in both directions. Each planted problem is reported once, with its column family and LSN.
 */
class StoreVerifierTest {

    @TempDir
    Path dir;

    private static PoTSBlockEvent block(long number) {
        return new PoTSBlockEvent(Operation.APPEND, number, new byte[] {(byte) number, 1, 2}, 1_700_000_000_000L);
    }

    /** LSNs 1..count: blocks numbered like their LSN, but every fifth a reconciliation. */
    private void writeStore(int count) {
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            for (int i = 1; i <= count; i++) {
                log.write(i % 5 == 0 ? new ReconciliationEvent("0x" + i, "1", "2", i, 1_700_000_000_000L) : block(i));
            }
        }
    }

    private List<StoreProblem> verify(long expectedEntries) {
        List<StoreProblem> problems = new ArrayList<>();
        try (RocksEventLogReader reader = RocksEventLogReader.open(dir)) {
            VerifyReport report = reader.verify(StandardEvents.catalog(), problems::add, checked -> {});
            assertThat(report.problems()).isEqualTo(problems.size());
            assertThat(report.entries()).isEqualTo(expectedEntries);
            assertThat(report.clean()).isEqualTo(problems.isEmpty());
        }
        return problems;
    }

    private static byte[] indexKey(long blockNumber, long lsn) {
        return KeyIndex.entry(WalType.POTS, IndexKeys.ofUnsignedLong(blockNumber), lsn);
    }

    @Test
    void anUndamagedStoreIsCleanAndEveryIndexEntryIsCounted() {
        writeStore(300);
        try (RocksEventLogReader reader = RocksEventLogReader.open(dir)) {
            VerifyReport report = reader.verify(StandardEvents.catalog(), problem -> {}, checked -> {});
            assertThat(report.clean()).isTrue();
            assertThat(report.entries()).isEqualTo(300);
            assertThat(report.indexEntries()).as("one per block").isEqualTo(240);
            assertThat(report.typeCount()).isEqualTo(7);
        }
    }

    @SuppressWarnings("try") // the subscription runs through the block
    @Test
    void aVerifyOfALiveStoreLetsTheReadersSubscriptionAndCatchUpsGoOnBesideIt() throws Exception {
        try (RocksEventLog log = RocksEventLog.open(dir, 0);
                RocksEventLogReader reader = RocksEventLogReader.open(dir, Duration.ofMillis(5))) {
            for (int i = 1; i <= 50; i++) {
                log.write(block(i));
            }
            log.flush();
            reader.catchUp();
            LinkedBlockingQueue<Long> delivered = new LinkedBlockingQueue<>();
            List<Long> seenDuringVerify = new ArrayList<>();
            try (Subscription subscription = reader.subscribe(1, entry -> delivered.add(entry.lsn()))) {
                VerifyReport report = reader.verify(StandardEvents.catalog(), problem -> {}, checked -> {
                    // runs on the verifying thread, while the walk is under way or just done
                    if (!seenDuringVerify.isEmpty()) {
                        return;
                    }
                    long next = log.write(block(1_000));
                    log.flush();
                    assertThat(reader.catchUp().lastFlushedLsn()).isEqualTo(next);
                    assertThat(reader.get(next)).isPresent();
                    try {
                        for (Long lsn = delivered.poll(10, TimeUnit.SECONDS);
                                lsn != null;
                                lsn = delivered.poll(10, TimeUnit.SECONDS)) {
                            if (lsn == next) {
                                seenDuringVerify.add(lsn);
                                return;
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                assertThat(report.clean()).isTrue();
                assertThat(report.entries()).as("the store as the verify began").isEqualTo(50);
            }
            assertThat(seenDuringVerify)
                    .as("the subscription delivered LSN 51 while the verify ran")
                    .containsExactly(51L);
        }
    }

    @Test
    void anEntryBeyondTheLastFlushedLsnIsReported() throws Exception {
        writeStore(20);
        try (RawStore raw = RawStore.open(dir)) {
            raw.put("wal:pots", LsnKeys.encode(21), EntryValues.encode(Operation.APPEND, 8, 1, 0, new byte[0]));
        }
        List<StoreProblem> problems = verify(21);
        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.location()).isEqualTo("wal:pots LSN 21");
            assertThat(problem.description()).contains("beyond the last flushed LSN 20");
        });
    }

    @Test
    void aMissingIndexEntryAndAStrayOneAreEachReported() throws Exception {
        writeStore(20);
        try (RawStore raw = RawStore.open(dir)) {
            raw.delete(KeyIndex.COLUMN_FAMILY, indexKey(7, 7));
            raw.put(KeyIndex.COLUMN_FAMILY, indexKey(99, 10), new byte[0]); // LSN 10 is a reconciliation
            raw.put(KeyIndex.COLUMN_FAMILY, indexKey(98, 8), new byte[0]); // a second key for block 8
        }
        List<StoreProblem> problems = verify(20);
        assertThat(problems)
                .extracting(StoreProblem::location)
                .containsExactlyInAnyOrder("rockwal:keys LSN 7", "rockwal:keys LSN 10", "rockwal:keys LSN 8");
        assertThat(problems)
                .anySatisfy(problem ->
                        assertThat(problem.description()).contains("no entry for LSN 7", "0000000000000007"));
        assertThat(problems)
                .anySatisfy(problem ->
                        assertThat(problem.description()).contains("LSN 10, which type wal:pots does not hold"));
        assertThat(problems)
                .anySatisfy(problem -> assertThat(problem.description()).contains("second index entry for LSN 8"));
    }

    @Test
    void anAnchorWhoseOrdinalDisagreesAndAMissingAnchorAreReported() throws Exception {
        writeStore(300); // 240 blocks: the 64th, 128th and 192nd, at LSNs 79, 159 and 239, store their ordinals
        try (RawStore raw = RawStore.open(dir)) {
            raw.put(
                    "wal:pots",
                    LsnKeys.encode(159),
                    EntryValues.encode(
                            Operation.APPEND,
                            8,
                            1_700_000_000_000L,
                            192,
                            StandardEvents.catalog().encode(block(159)).payload())); // the 128th claims 192
            raw.put(
                    "wal:pots",
                    LsnKeys.encode(239),
                    EntryValues.encode(
                            Operation.APPEND,
                            8,
                            1_700_000_000_000L,
                            0,
                            StandardEvents.catalog().encode(block(239)).payload())); // the 192nd loses its ordinal
        }
        List<StoreProblem> problems = verify(300);
        assertThat(problems).extracting(StoreProblem::location).containsExactly("wal:pots LSN 159", "wal:pots LSN 239");
        assertThat(problems.get(0).description()).contains("stores ordinal 192", "makes it 128");
        assertThat(problems.get(1).description()).contains("does not store its ordinal 192");
    }

    @Test
    void aKeyHoldingNoLsnIsReportedByItsBytesAndTheWalkGoesOn() throws Exception {
        writeStore(20);
        try (RawStore raw = RawStore.open(dir)) {
            raw.put("wal:pots", new byte[] {0, 0, 0, 0, 0, 0, 0, 0}, new byte[] {1});
        }
        List<StoreProblem> problems = verify(20);
        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.lsn()).isEqualTo(EventLogCorruptedException.UNKNOWN_LSN);
            assertThat(problem.location()).isEqualTo("wal:pots key 0000000000000000 (8 bytes)");
        });
    }
}
