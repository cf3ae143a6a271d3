package io.rockwal.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockwal.core.EntriesTruncatedException;
import io.rockwal.core.EntryCursor;
import io.rockwal.core.EntryHandler;
import io.rockwal.core.EventLog;
import io.rockwal.core.EventLogClosedException;
import io.rockwal.core.EventLogView;
import io.rockwal.core.IndexKeys;
import io.rockwal.core.Operation;
import io.rockwal.core.ReplayAbortedException;
import io.rockwal.core.Subscription;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import io.rockwal.events.EventFactory;
import io.rockwal.events.PoTSBlockEvent;
import io.rockwal.events.ReconciliationBatchEntry;
import io.rockwal.events.ReconciliationBatchEvent;
import io.rockwal.events.ReconciliationEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventLogView} promises, whoever reads: the logs themselves and readers of a store
 * another log writes. A subclass says how to write to this test's storage and how to get the view
 * under test; everything written through {@link #write} is flushed, so a log and a reader must answer
 * every test here alike.
 */
abstract class EventLogViewContract {

    /**
     * Writes through a log on this test's storage, then makes everything written visible to
     * {@link #view()}: flushed, and for a reader caught up with.
     */
    protected abstract void write(Consumer<EventLog> writes);

    /** The view under test, opened on first use; the same object for the rest of the test. */
    protected abstract EventLogView view();

    static PoTSBlockEvent block(long number) {
        byte[] data = new byte[16 + (int) (number % 7)];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (number * 31 + i);
        }
        return new PoTSBlockEvent(Operation.APPEND, number, data, 1_700_000_000_000L + number);
    }

    static ReconciliationEvent reconciliation(long nonce) {
        return new ReconciliationEvent("0xabc" + nonce, "100", String.valueOf(100 + nonce), nonce, 1_700_000_000_000L);
    }

    static List<Long> lsnsOf(List<WalEntry> entries) {
        return entries.stream().map(WalEntry::lsn).toList();
    }

    static List<Long> blockNumbersOf(List<WalEntry> entries) {
        return entries.stream()
                .map(entry -> ((PoTSBlockEvent) EventFactory.decode(entry)).blockNumber())
                .toList();
    }

    static List<WalEntry> replayAll(EventLogView view) {
        List<WalEntry> seen = new ArrayList<>();
        view.replay(seen::add);
        return seen;
    }

    static List<WalEntry> replayType(EventLogView view, WalType type) {
        List<WalEntry> seen = new ArrayList<>();
        view.replay(type, seen::add);
        return seen;
    }

    /** Writes blocks and reconciliations alternately, LSN 1 a reconciliation: blocks on even LSNs. */
    void writeMixed(int count) {
        write(log -> {
            for (int i = 1; i <= count; i++) {
                log.write(i % 2 == 0 ? block(i) : reconciliation(i));
            }
        });
    }

    // ---- point lookups ----

    @Test
    void getReturnsEntriesThatDecodeToTheWrittenEvents() {
        PoTSBlockEvent first = block(7);
        ReconciliationEvent second = reconciliation(3);
        write(log -> {
            log.write(first);
            log.write(second);
        });
        WalEntry one = view().get(1).orElseThrow();
        WalEntry two = view().get(2).orElseThrow();
        assertThat(one.type()).isEqualTo(WalType.POTS);
        assertThat(one.operation()).isEqualTo(Operation.APPEND);
        assertThat(EventFactory.decode(one)).isEqualTo(first);
        assertThat(two.type()).isEqualTo(WalType.RECONCILIATION);
        assertThat(two.operation()).isEqualTo(Operation.UPDATE);
        assertThat(EventFactory.decode(two)).isEqualTo(second);
    }

    @Test
    void singleAndBatchReconciliationEventsBothComeBackAsThemselves() {
        ReconciliationEvent single = reconciliation(9);
        ReconciliationBatchEvent batch = new ReconciliationBatchEvent(
                List.of(new ReconciliationBatchEntry("0x01", "5", 1), new ReconciliationBatchEntry("0x02", "6", 2)),
                1_700_000_000_123L);
        write(log -> {
            log.write(single);
            log.write(batch);
        });
        assertThat(EventFactory.decode(view().get(1).orElseThrow())).isEqualTo(single);
        assertThat(EventFactory.decode(view().get(2).orElseThrow())).isEqualTo(batch);
    }

    @Test
    void getReturnsEmptyForAnLsnNeverHandedOut() {
        write(log -> {});
        assertThat(view().get(1)).isEmpty();
        write(log -> log.write(block(1)));
        assertThat(view().get(1)).isPresent();
        assertThat(view().get(2)).isEmpty();
        assertThat(view().get(Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void getRejectsAnLsnBelowOne() {
        write(log -> log.write(block(1)));
        assertThatThrownBy(() -> view().get(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> view().get(-5)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- replays, scans and cursors ----

    @Test
    void replayDeliversEveryEntryInLsnOrder() {
        write(log -> {
            for (int i = 1; i <= 10; i++) {
                log.write(i % 3 == 0 ? reconciliation(i) : block(i));
            }
        });
        assertThat(lsnsOf(replayAll(view()))).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    }

    @Test
    void replayByTypeDeliversOnlyThatTypeInLsnOrder() {
        write(log -> {
            for (int i = 1; i <= 10; i++) {
                log.write(i % 3 == 0 ? reconciliation(i) : block(i));
            }
        });
        assertThat(lsnsOf(replayType(view(), WalType.RECONCILIATION))).containsExactly(3L, 6L, 9L);
        assertThat(lsnsOf(replayType(view(), WalType.POTS))).containsExactly(1L, 2L, 4L, 5L, 7L, 8L, 10L);
        assertThat(replayType(view(), WalType.HEADER_SYNC)).isEmpty();
        assertThat(replayType(view(), WalType.of("node:unknown"))).isEmpty();
    }

    @Test
    void replayOfAnEmptyLogDeliversNothing() {
        write(log -> {});
        assertThat(replayAll(view())).isEmpty();
        assertThat(replayType(view(), WalType.POTS)).isEmpty();
    }

    @Test
    void aHandlerThatThrowsStopsTheReplayAndTheExceptionNamesTheLsn() {
        write(log -> {
            for (int i = 1; i <= 5; i++) {
                log.write(block(i));
            }
        });
        List<Long> seen = new ArrayList<>();
        IllegalStateException boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> view().replay(entry -> {
                    seen.add(entry.lsn());
                    if (entry.lsn() == 3) {
                        throw boom;
                    }
                }))
                .isInstanceOfSatisfying(ReplayAbortedException.class, e -> {
                    assertThat(e.lsn()).isEqualTo(3);
                    assertThat(e.getCause()).isSameAs(boom);
                });
        assertThat(seen).containsExactly(1L, 2L, 3L);
    }

    @Test
    void scanPagesThroughTheLogInLsnOrder() {
        writeMixed(10);
        EventLogView view = view();
        assertThat(lsnsOf(view.scan(1, 3))).containsExactly(1L, 2L, 3L);
        assertThat(lsnsOf(view.scan(4, 3))).containsExactly(4L, 5L, 6L);
        assertThat(lsnsOf(view.scan(9, 3))).containsExactly(9L, 10L);
        assertThat(view.scan(11, 3)).isEmpty();
        assertThat(view.scan(1, 0)).isEmpty();
        assertThat(view.scan(Long.MIN_VALUE, 1)).hasSize(1);
        assertThat(lsnsOf(view.scan(WalType.POTS, 1, 2))).containsExactly(2L, 4L);
        assertThat(lsnsOf(view.scan(WalType.POTS, 5, 10))).containsExactly(6L, 8L, 10L);
        assertThatThrownBy(() -> view.scan(1, -1)).isInstanceOf(IllegalArgumentException.class);
        write(log -> log.truncateBefore(5));
        assertThat(lsnsOf(view().scan(1, 2))).containsExactly(5L, 6L);
    }

    @Test
    void aCursorReadsTheViewAsItWasWhenOpened() {
        write(log -> {
            for (int i = 1; i <= 6; i++) {
                log.write(block(i));
            }
        });
        List<Long> seen = new ArrayList<>();
        try (EntryCursor cursor = view().cursor(3)) {
            write(log -> log.write(block(7)));
            while (cursor.hasNext()) {
                seen.add(cursor.next().lsn());
            }
            assertThatThrownBy(cursor::next).isInstanceOf(NoSuchElementException.class);
        }
        assertThat(seen).containsExactly(3L, 4L, 5L, 6L);
        assertThat(lsnsOf(view().scan(1, 100)))
                .as("a new read sees the new entry")
                .endsWith(7L);
        try (EntryCursor cursor = view().cursor(WalType.RECONCILIATION, 1)) {
            assertThat(cursor.hasNext()).isFalse();
        }
        try (EntryCursor cursor = view().cursor(WalType.of("node:unknown"), 1)) {
            assertThat(cursor.hasNext()).isFalse();
        }
    }

    @Test
    void aCursorLeftOpenIsClosedWithItsView() {
        write(log -> log.write(block(1)));
        EntryCursor cursor = view().cursor(1);
        view().close();
        assertThatThrownBy(cursor::hasNext).isInstanceOf(EventLogClosedException.class);
        cursor.close();
    }

    // ---- truncation, checkpoints, metadata ----

    @Test
    void truncationRemovesOlderEntriesFromEveryRead() {
        writeMixed(10);
        write(log -> log.truncateBefore(6));
        EventLogView view = view();
        assertThat(view.get(5)).isEmpty();
        assertThat(view.get(1)).isEmpty();
        assertThat(view.get(6)).isPresent();
        assertThat(lsnsOf(replayAll(view))).containsExactly(6L, 7L, 8L, 9L, 10L);
        assertThat(lsnsOf(replayType(view, WalType.POTS))).containsExactly(6L, 8L, 10L);
        assertThat(view.count(WalType.POTS)).isEqualTo(3);
        assertThat(view.last(WalType.RECONCILIATION).orElseThrow().lsn()).isEqualTo(9);
        assertThat(view.metadata().firstRetainedLsn()).isEqualTo(6);
        assertThat(view.lastLsn()).isEqualTo(10);
        assertThat(view.lastFlushedLsn()).isEqualTo(10);
        write(log -> log.truncateBefore(11));
        assertThat(replayAll(view())).isEmpty();
        assertThat(view().metadata().isEmpty()).isTrue();
        assertThat(view().last(WalType.POTS)).isEmpty();
        assertThat(view().hydrateAll()).isEmpty();
    }

    @Test
    void checkpointsAndMetadataDescribeTheLog() {
        write(log -> {});
        assertThat(view().metadata().isEmpty()).isTrue();
        assertThat(view().checkpoints()).isEmpty();
        write(log -> {
            log.write(block(1));
            log.write(block(2));
            log.createCheckpoint();
            log.write(block(3));
        });
        assertThat(view().checkpoints()).containsExactly(2L);
        assertThat(view().metadata().lastFlushedLsn()).isEqualTo(3);
        assertThat(view().metadata().lastLsn()).isEqualTo(3);
        assertThat(view().metadata().firstRetainedLsn()).isEqualTo(1);
        assertThat(view().metadata().lastUpdatedMillis()).isPositive();
    }

    @Test
    void typesNameEveryStandardType() {
        write(log -> {});
        assertThat(view().types()).containsAll(WalType.standardTypes()).doesNotHaveDuplicates();
    }

    // ---- last entries, counts, keys ----

    @Test
    void lastFindsTheNewestEntryOfAType() {
        write(log -> {});
        assertThat(view().last(WalType.POTS)).isEmpty();
        write(log -> {
            log.write(block(1));
            log.write(reconciliation(1));
            log.write(block(2));
        });
        assertThat(view().last(WalType.POTS).orElseThrow().lsn()).isEqualTo(3);
        assertThat(EventFactory.decode(view().last(WalType.POTS).orElseThrow())).isEqualTo(block(2));
        assertThat(view().last(WalType.RECONCILIATION).orElseThrow().lsn()).isEqualTo(2);
        assertThat(view().last(WalType.HEADER_SYNC)).isEmpty();
        assertThat(view().last(WalType.of("node:unknown"))).isEmpty();
    }

    @Test
    void hydrateAllHasTheLastEntryOfEveryTypeThatHasOne() {
        write(log -> {});
        assertThat(view().hydrateAll()).isEmpty();
        write(log -> {
            log.write(block(1));
            log.write(reconciliation(1));
            log.write(block(2));
        });
        Map<WalType, WalEntry> last = view().hydrateAll();
        assertThat(last).containsOnlyKeys(WalType.POTS, WalType.RECONCILIATION);
        assertThat(last.get(WalType.POTS).lsn()).isEqualTo(3);
        assertThat(last.get(WalType.RECONCILIATION).lsn()).isEqualTo(2);
    }

    @Test
    void countCountsTheRetainedEntriesOfATypeWithoutAReplay() {
        write(log -> {});
        assertThat(view().count(WalType.POTS)).isZero();
        write(log -> {
            for (int i = 1; i <= 200; i++) {
                log.write(i % 3 == 0 ? reconciliation(i) : block(i));
            }
        });
        assertThat(view().count(WalType.POTS)).isEqualTo(134);
        assertThat(view().count(WalType.RECONCILIATION)).isEqualTo(66);
        assertThat(view().count(WalType.HEADER_SYNC)).isZero();
        assertThat(view().count(WalType.of("node:unknown"))).isZero();
        write(log -> log.truncateBefore(101));
        assertThat(view().count(WalType.POTS)).isEqualTo(67);
        assertThat(view().count(WalType.RECONCILIATION)).isEqualTo(33);
    }

    @Test
    void countInAnLsnRangeMatchesTheEntriesInIt() {
        write(log -> {
            for (int i = 1; i <= 1000; i++) {
                log.write(i % 3 == 0 ? reconciliation(i) : block(i));
            }
        });
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        for (long first : new long[] {1, 301}) {
            if (first > 1) {
                write(log -> log.truncateBefore(301));
            }
            long[][] ranges = new long[60][];
            ranges[0] = new long[] {Long.MIN_VALUE, Long.MAX_VALUE};
            ranges[1] = new long[] {0, 0};
            ranges[2] = new long[] {500, 499};
            ranges[3] = new long[] {1001, 5000};
            for (int i = 4; i < ranges.length; i++) {
                long from = random.nextLong(-5, 1010);
                ranges[i] = new long[] {from, from + random.nextLong(0, 400)};
            }
            for (long[] range : ranges) {
                long pots = 0;
                long reconciliations = 0;
                for (long lsn = Math.max(first, range[0]); lsn <= Math.min(1000, range[1]); lsn++) {
                    if (lsn % 3 == 0) {
                        reconciliations++;
                    } else {
                        pots++;
                    }
                }
                assertThat(view().count(WalType.POTS, range[0], range[1]))
                        .as("PoTS in %d..%d from %d", range[0], range[1], first)
                        .isEqualTo(pots);
                assertThat(view().count(WalType.RECONCILIATION, range[0], range[1]))
                        .as("reconciliations in %d..%d", range[0], range[1])
                        .isEqualTo(reconciliations);
                assertThat(view().count(WalType.HEADER_SYNC, range[0], range[1]))
                        .isZero();
            }
        }
    }

    @Test
    void findByKeyAnswersFromTheIndexAndNeverReturnsTruncatedEntries() {
        write(log -> {
            log.write(block(10));
            log.write(block(20));
            log.write(new PoTSBlockEvent(Operation.UPDATE, 10, new byte[] {1}, 9));
            log.write(block(30));
            log.write(new PoTSBlockEvent(Operation.UPDATE, 30, new byte[] {2}, 9));
        });
        byte[] ten = IndexKeys.ofUnsignedLong(10);
        assertThat(lsnsOf(view().findByKey(WalType.POTS, ten))).containsExactly(1L, 3L);
        assertThat(lsnsOf(view().findByKey(WalType.POTS, IndexKeys.ofUnsignedLong(30))))
                .containsExactly(4L, 5L);
        assertThat(view().findByKey(WalType.POTS, IndexKeys.ofUnsignedLong(11))).isEmpty();
        assertThat(view().findByKey(WalType.RECONCILIATION, ten)).isEmpty();
        assertThat(view().findByKey(WalType.of("node:unknown"), ten)).isEmpty();
        write(log -> log.truncateBefore(2));
        assertThat(lsnsOf(view().findByKey(WalType.POTS, ten))).containsExactly(3L);
    }

    @Test
    void scanByKeyWalksAKeyRangeInKeyOrder() {
        write(log -> {
            for (long number : new long[] {5, 1, 300, 3, 2, 4, 256}) {
                log.write(block(number));
            }
            log.write(reconciliation(1));
        });
        byte[] two = IndexKeys.ofUnsignedLong(2);
        byte[] five = IndexKeys.ofUnsignedLong(5);
        EventLogView view = view();
        assertThat(blockNumbersOf(view.scanByKey(WalType.POTS, two, five, 10))).containsExactly(2L, 3L, 4L);
        assertThat(blockNumbersOf(view.scanByKey(WalType.POTS, null, null, 100)))
                .containsExactly(1L, 2L, 3L, 4L, 5L, 256L, 300L);
        assertThat(blockNumbersOf(view.scanByKey(WalType.POTS, five, null, 2))).containsExactly(5L, 256L);
        assertThat(view.scanByKey(WalType.POTS, five, two, 10)).isEmpty();
        assertThatThrownBy(() -> view.scanByKey(WalType.POTS, null, null, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- subscriptions ----

    @SuppressWarnings("try") // both subscriptions run through the block
    @Test
    void aSubscriptionCatchesUpThenFollowsNewEntries() throws Exception {
        writeMixed(4);
        BlockingQueue<Long> all = new LinkedBlockingQueue<>();
        BlockingQueue<Long> blocks = new LinkedBlockingQueue<>();
        try (Subscription everything = view().subscribe(3, entry -> all.add(entry.lsn()));
                Subscription potsOnly = view().subscribe(WalType.POTS, 1, entry -> blocks.add(entry.lsn()))) {
            assertThat(all.poll(30, TimeUnit.SECONDS)).isEqualTo(3);
            assertThat(all.poll(30, TimeUnit.SECONDS)).isEqualTo(4);
            assertThat(all.poll(300, TimeUnit.MILLISECONDS))
                    .as("nothing after LSN 4 yet")
                    .isNull();
            write(log -> {
                log.write(block(5));
                log.write(reconciliation(6));
                log.write(block(7));
            });
            for (long expected = 5; expected <= 7; expected++) {
                assertThat(all.poll(30, TimeUnit.SECONDS)).isEqualTo(expected);
            }
            for (long expected : new long[] {2, 4, 5, 7}) {
                assertThat(blocks.poll(30, TimeUnit.SECONDS)).isEqualTo(expected);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (everything.nextLsn() < 8 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(everything.nextLsn()).as("next LSN after delivering 7").isEqualTo(8);
            assertThat(all).isEmpty();
        }
    }

    @Test
    void aSubscriptionThatFallsBehindATruncationEndsWithEntriesTruncated() throws Exception {
        write(log -> {
            for (int i = 1; i <= 2000; i++) {
                log.write(block(i));
            }
        });
        CountDownLatch release = new CountDownLatch(1);
        Subscription subscription = view().subscribe(1, entry -> release.await());
        write(log -> log.truncateBefore(1500));
        release.countDown();
        assertThat(subscription.terminated())
                .failsWithin(30, TimeUnit.SECONDS)
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOfSatisfying(
                        EntriesTruncatedException.class,
                        e -> assertThat(e.firstRetainedLsn()).isEqualTo(1500));
        subscription.close();
    }

    @Test
    void aFailingHandlerEndsItsSubscriptionWithTheLsn() {
        write(log -> {
            log.write(block(1));
            log.write(block(2));
        });
        Subscription subscription = view().subscribe(1, entry -> {
            if (entry.lsn() == 2) {
                throw new IllegalStateException("handler failed");
            }
        });
        assertThat(subscription.terminated())
                .failsWithin(30, TimeUnit.SECONDS)
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOfSatisfying(
                        ReplayAbortedException.class, e -> assertThat(e.lsn()).isEqualTo(2));
        subscription.close();
    }

    @Test
    void subscribeRejectsAnLsnBelowOne() {
        write(log -> {});
        assertThatThrownBy(() -> view().subscribe(0, entry -> {})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closingTheViewEndsItsSubscriptions() {
        write(log -> log.write(block(1)));
        Subscription subscription = view().subscribe(1, entry -> {});
        view().close();
        assertThat(subscription.terminated()).succeedsWithin(30, TimeUnit.SECONDS);
    }

    // ---- threads and lifecycle ----

    @Test
    void readsFromSeveralThreadsRunBesideWrites() throws Exception {
        writeMixed(100);
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<Integer> writer = pool.submit(() -> {
                int batches = 0;
                while (!stop.get() && batches < 200) {
                    write(log -> {
                        for (int i = 0; i < 10; i++) {
                            log.write(block(1000 + i));
                        }
                    });
                    batches++;
                }
                return batches;
            });
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit(() -> {
                    for (int round = 0; round < 20; round++) {
                        List<WalEntry> seen = replayAll(view());
                        assertThat(seen.get(0).lsn()).isEqualTo(1);
                        assertThat(seen.get(seen.size() - 1).lsn())
                                .as("contiguous from 1")
                                .isEqualTo(seen.size());
                        assertThat(view().get(1 + round)).isPresent();
                        assertThat(view().count(WalType.POTS)).isGreaterThanOrEqualTo(50);
                    }
                    return 20;
                }));
            }
            for (Future<Integer> reader : readers) {
                assertThat(reader.get(60, TimeUnit.SECONDS)).isEqualTo(20);
            }
            stop.set(true);
            assertThat(writer.get(60, TimeUnit.SECONDS)).isPositive();
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
    }

    @Test
    void closeFromInsideAReplayHandlerIsRefusedAndTheViewStaysOpen() throws Exception {
        write(log -> {
            log.write(block(1));
            log.write(block(2));
        });
        EventLogView view = view();
        BlockingQueue<Long> followed = new LinkedBlockingQueue<>();
        try (Subscription subscription = view.subscribe(1, entry -> followed.add(entry.lsn()))) {
            assertThatThrownBy(() -> view.replay(entry -> view.close()))
                    .isInstanceOfSatisfying(ReplayAbortedException.class, e -> {
                        assertThat(e.lsn()).isEqualTo(1);
                        assertThat(e.getCause())
                                .isInstanceOf(IllegalStateException.class)
                                .hasMessageContaining("close() of");
                    });
            assertThat(view.scan(1, 10)).hasSize(2);
            assertThat(subscription.terminated())
                    .as("the refused close ended no subscription")
                    .isNotDone();
            write(log -> log.write(block(3)));
            List<Long> seen = new ArrayList<>();
            while (seen.size() < 3) {
                Long lsn = followed.poll(30, TimeUnit.SECONDS);
                assertThat(lsn).as("delivered after %s", seen).isNotNull();
                seen.add(lsn);
            }
            assertThat(seen).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void aSubscriptionHandlerMayCloseTheView() throws Exception {
        write(log -> {
            log.write(block(1));
            log.write(block(2));
        });
        EventLogView view = view();
        BlockingQueue<Long> other = new LinkedBlockingQueue<>();
        Subscription bystander = view.subscribe(1, entry -> other.add(entry.lsn()));
        Subscription closer = view.subscribe(1, entry -> view.close());
        closer.terminated().get(30, TimeUnit.SECONDS);
        bystander.terminated().get(30, TimeUnit.SECONDS);
        assertThatThrownBy(() -> view.get(1)).isInstanceOf(EventLogClosedException.class);
    }

    @Test
    void closeIsIdempotentAndEveryReadThrowsClosedAfterIt() {
        write(log -> log.write(block(1)));
        EventLogView view = view();
        view.close();
        view.close();
        EntryHandler ignore = entry -> {};
        byte[] key = IndexKeys.ofUnsignedLong(1);
        List<Consumer<EventLogView>> reads = List.of(
                v -> v.get(1),
                v -> v.last(WalType.POTS),
                EventLogView::hydrateAll,
                v -> v.count(WalType.POTS),
                v -> v.cursor(1),
                v -> v.cursor(WalType.POTS, 1),
                v -> v.scan(1, 10),
                v -> v.scan(WalType.POTS, 1, 10),
                v -> v.scan(1, 0),
                v -> v.findByKey(WalType.POTS, key),
                v -> v.scanByKey(WalType.POTS, null, null, 10),
                EventLogView::metadata,
                EventLogView::lastLsn,
                EventLogView::lastFlushedLsn,
                EventLogView::checkpoints,
                EventLogView::types,
                v -> v.replay(ignore),
                v -> v.replay(WalType.POTS, ignore),
                v -> v.subscribe(1, ignore),
                v -> v.subscribe(WalType.POTS, 1, ignore));
        for (int i = 0; i < reads.size(); i++) {
            Consumer<EventLogView> read = reads.get(i);
            assertThatThrownBy(() -> read.accept(view))
                    .as("read %d of the list", i)
                    .isInstanceOf(EventLogClosedException.class);
        }
    }
}
