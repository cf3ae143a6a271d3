package io.rockwal.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockwal.core.EntryCursor;
import io.rockwal.core.Event;
import io.rockwal.core.EventLog;
import io.rockwal.core.EventLogClosedException;
import io.rockwal.core.EventLogInUseException;
import io.rockwal.core.EventLogView;
import io.rockwal.core.IndexKeys;
import io.rockwal.core.LsnMetadata;
import io.rockwal.core.Operation;
import io.rockwal.core.Subscription;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import io.rockwal.events.EventFactory;
import io.rockwal.events.PoTSBlockEvent;
import io.rockwal.events.ReconciliationEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link EventLog} promises, run against each implementation: the read contract
 * ({@link EventLogViewContract}) on a log of batch size 100, and here what only a log does (writes,
 * the buffer, flushes, truncation rules, checkpoints, group commit, reopening). A subclass says how to
 * open a log on storage that lives for one test, so that {@link #reopen} sees what was flushed.
 */
abstract class EventLogContract extends EventLogViewContract {

    private final List<EventLog> opened = new ArrayList<>();
    /** The log the read contract reads; opened on first use. */
    private EventLog viewed;

    /** Opens a log on this test's storage; the storage outlives the log. */
    protected abstract EventLog openLog(int batchSize, int maxCheckpoints);

    @AfterEach
    void closeEverything() {
        opened.forEach(EventLog::close);
    }

    private EventLog open(int batchSize) {
        return open(batchSize, EventLog.DEFAULT_MAX_CHECKPOINTS);
    }

    private EventLog open(int batchSize, int maxCheckpoints) {
        EventLog log = openLog(batchSize, maxCheckpoints);
        opened.add(log);
        return log;
    }

    private EventLog reopen(EventLog log, int batchSize) {
        log.close();
        return open(batchSize);
    }

    @Override
    protected void write(Consumer<EventLog> writes) {
        EventLog log = (EventLog) view();
        writes.accept(log);
        log.flush();
    }

    @Override
    protected EventLogView view() {
        if (viewed == null) {
            viewed = open(100);
        }
        return viewed;
    }

    @Test
    void writeAssignsContiguousLsnsStartingAtOne() {
        EventLog log = open(100);
        assertThat(log.lastLsn()).isZero();
        assertThat(log.write(block(1))).isEqualTo(1);
        assertThat(log.write(reconciliation(1))).isEqualTo(2);
        assertThat(log.write(block(2))).isEqualTo(3);
        assertThat(log.lastLsn()).isEqualTo(3);
        assertThat(log.lastFlushedLsn()).isZero();
    }

    @Test
    void getReturnsBufferedAndFlushedEntriesThatDecodeToTheWrittenEvent() {
        EventLog log = open(100);
        PoTSBlockEvent first = block(7);
        ReconciliationEvent second = reconciliation(3);
        log.write(first);
        log.flush();
        log.write(second);

        WalEntry flushed = log.get(1).orElseThrow();
        WalEntry buffered = log.get(2).orElseThrow();
        assertThat(flushed.type()).isEqualTo(WalType.POTS);
        assertThat(flushed.operation()).isEqualTo(Operation.APPEND);
        assertThat(EventFactory.decode(flushed)).isEqualTo(first);
        assertThat(buffered.type()).isEqualTo(WalType.RECONCILIATION);
        assertThat(buffered.operation()).isEqualTo(Operation.UPDATE);
        assertThat(EventFactory.decode(buffered)).isEqualTo(second);
    }

    @Test
    void bufferIsFlushedWhenItHoldsBatchSizeEntries() {
        EventLog log = open(3);
        log.write(block(1));
        log.write(block(2));
        assertThat(log.lastFlushedLsn()).isZero();
        log.write(block(3));
        assertThat(log.lastFlushedLsn()).isEqualTo(3);
        log.write(block(4));
        assertThat(log.lastFlushedLsn()).isEqualTo(3);
    }

    @Test
    void flushedEntriesSurviveReopenAndTheNextLsnFollowsThem() {
        EventLog log = open(100);
        List<WalEntry> written = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            long lsn = log.write(i % 2 == 0 ? block(i) : reconciliation(i));
            written.add(log.get(lsn).orElseThrow());
        }
        log.flush();
        log = reopen(log, 100);
        assertThat(log.lastLsn()).isEqualTo(10);
        assertThat(log.lastFlushedLsn()).isEqualTo(10);
        assertThat(replayAll(log)).containsExactlyElementsOf(written);
        assertThat(log.write(block(11))).isEqualTo(11);
    }

    @Test
    void closeFlushesTheBuffer() {
        EventLog log = open(100);
        log.write(block(1));
        log.write(block(2));
        log = reopen(log, 100);
        assertThat(log.lastFlushedLsn()).isEqualTo(2);
        assertThat(EventFactory.decode(log.get(2).orElseThrow())).isEqualTo(block(2));
    }

    @Test
    void replayDeliversEveryEntryInLsnOrderBufferedOnesIncluded() {
        EventLog log = open(4);
        for (int i = 1; i <= 10; i++) {
            log.write(i % 3 == 0 ? reconciliation(i) : block(i));
        }
        assertThat(log.lastFlushedLsn()).isEqualTo(8);
        assertThat(lsnsOf(replayAll(log))).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    }

    @Test
    void handlerMayWriteToTheLogAndDoesNotSeeWhatItWrites() {
        EventLog log = open(2);
        log.write(block(1));
        log.write(block(2));
        log.write(block(3));
        List<Long> seen = new ArrayList<>();
        log.replay(entry -> {
            seen.add(entry.lsn());
            log.write(block(100 + entry.lsn()));
        });
        assertThat(seen).containsExactly(1L, 2L, 3L);
        assertThat(log.lastLsn()).isEqualTo(6);
    }

    @Test
    void truncateAtOrBelowTheFirstRetainedLsnChangesNothing() {
        EventLog log = open(100);
        for (int i = 1; i <= 5; i++) {
            log.write(block(i));
        }
        log.flush();
        log.truncateBefore(0);
        log.truncateBefore(1);
        assertThat(lsnsOf(replayAll(log))).containsExactly(1L, 2L, 3L, 4L, 5L);
        log.truncateBefore(3);
        log.truncateBefore(2);
        assertThat(lsnsOf(replayAll(log))).containsExactly(3L, 4L, 5L);
    }

    @Test
    void truncateBeyondTheNextLsnIsRejectedAndChangesNothing() {
        EventLog log = open(100);
        log.write(block(1));
        log.write(block(2));
        assertThatThrownBy(() -> log.truncateBefore(4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> log.truncateBefore(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(lsnsOf(replayAll(log))).containsExactly(1L, 2L);
        assertThat(log.metadata().firstRetainedLsn()).isEqualTo(1);
    }

    @Test
    void truncatingEverythingEmptiesTheLogAndLsnsContinue() {
        EventLog log = open(100);
        for (int i = 1; i <= 5; i++) {
            log.write(block(i));
        }
        log.truncateBefore(6);
        assertThat(replayAll(log)).isEmpty();
        assertThat(log.metadata().isEmpty()).isTrue();
        assertThat(log.lastFlushedLsn()).isEqualTo(5);
        assertThat(log.write(block(6))).isEqualTo(6);
        log = reopen(log, 100);
        assertThat(lsnsOf(replayAll(log))).containsExactly(6L);
        assertThat(log.get(5)).isEmpty();
    }

    @Test
    void truncationCoversBufferedEntriesAndSurvivesReopen() {
        EventLog log = open(100);
        for (int i = 1; i <= 8; i++) {
            log.write(block(i));
        }
        log.truncateBefore(7);
        assertThat(log.lastFlushedLsn()).isEqualTo(8);
        log = reopen(log, 100);
        assertThat(lsnsOf(replayAll(log))).containsExactly(7L, 8L);
        assertThat(log.metadata().firstRetainedLsn()).isEqualTo(7);
        assertThat(log.get(6)).isEmpty();
    }

    @Test
    void createCheckpointFlushesAndRecordsTheLastFlushedLsn() {
        EventLog log = open(100);
        assertThat(log.createCheckpoint()).isZero();
        log.write(block(1));
        log.write(block(2));
        assertThat(log.createCheckpoint()).isEqualTo(2);
        assertThat(log.lastFlushedLsn()).isEqualTo(2);
        assertThat(log.checkpoints()).containsExactly(0L, 2L);
    }

    @Test
    void checkpointRotationKeepsTheMaximumAndTruncatesBeforeTheDroppedOne() {
        EventLog log = open(100, 3);
        List<Long> made = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            log.write(block(i));
            log.write(block(i));
            made.add(log.createCheckpoint());
        }
        assertThat(made).containsExactly(2L, 4L, 6L, 8L, 10L);
        assertThat(log.checkpoints()).containsExactly(6L, 8L, 10L);
        assertThat(log.metadata().firstRetainedLsn()).isEqualTo(4);
        assertThat(log.get(3)).isEmpty();
        assertThat(log.get(4)).isPresent();
        log.close();
        EventLog reopened = open(100, 3);
        assertThat(reopened.checkpoints()).containsExactly(6L, 8L, 10L);
        assertThat(lsnsOf(replayAll(reopened)).get(0)).isEqualTo(4L);
    }

    @Test
    void metadataDescribesTheLsnState() {
        EventLog log = open(100);
        assertThat(log.metadata()).isEqualTo(new LsnMetadata(0, 0, 0, 1));
        log.write(block(1));
        log.write(block(2));
        log.flush();
        log.write(block(3));
        LsnMetadata metadata = log.metadata();
        assertThat(metadata.lastLsn()).isEqualTo(3);
        assertThat(metadata.lastFlushedLsn()).isEqualTo(2);
        assertThat(metadata.firstRetainedLsn()).isEqualTo(1);
        assertThat(metadata.lastUpdatedMillis()).isPositive();
    }

    @Test
    void writeRejectsEventsItCannotEncodeAndUsesUpNoLsn() {
        EventLog log = open(100);
        Event unknown = new Event() {
            @Override
            public WalType type() {
                return WalType.POTS;
            }

            @Override
            public Operation operation() {
                return Operation.APPEND;
            }
        };
        assertThatThrownBy(() -> log.write(unknown)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> log.write(null)).isInstanceOf(NullPointerException.class);
        assertThat(log.write(block(1))).isEqualTo(1);
    }

    @Test
    void largePayloadRoundTrips() {
        EventLog log = open(100);
        byte[] data = new byte[4 << 20];
        new java.util.Random(1).nextBytes(data);
        PoTSBlockEvent big = new PoTSBlockEvent(Operation.APPEND, 1, data, 5);
        long lsn = log.write(big);
        log.flush();
        log = reopen(log, 100);
        assertThat(EventFactory.decode(log.get(lsn).orElseThrow())).isEqualTo(big);
    }

    @Test
    @SuppressWarnings("FutureReturnValueIgnored") // each call must throw before it returns anything
    void closeIsIdempotentAndLaterWritesThrowClosed() {
        EventLog log = open(100);
        log.write(block(1));
        log.close();
        log.close();
        List<Consumer<EventLog>> writes = List.of(
                l -> l.write(block(2)),
                EventLog::flush,
                l -> l.writeAsync(block(2)),
                EventLog::checkpointAsync,
                l -> l.truncateBefore(1),
                EventLog::createCheckpoint,
                EventLog::lastLsn,
                EventLog::lastFlushedLsn);
        for (int i = 0; i < writes.size(); i++) {
            Consumer<EventLog> call = writes.get(i);
            assertThatThrownBy(() -> call.accept(log))
                    .as("call %d of the list", i)
                    .isInstanceOf(EventLogClosedException.class);
        }
    }

    @Test
    void aSecondOpenOfTheSameStorageIsRefusedAsInUse() {
        EventLog log = open(100);
        log.write(block(1));
        assertThatThrownBy(() -> openLog(100, 10)).isInstanceOf(EventLogInUseException.class);
        assertThat(log.get(1)).isPresent();
    }

    @Test
    void concurrentWritersGetUniqueContiguousLsns() throws Exception {
        EventLog log = open(64);
        int threads = 8;
        int perThread = 500;
        Set<Long> lsns = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        long lsn = log.write(block(thread * 1_000_000L + i));
                        assertThat(lsns.add(lsn))
                                .as("LSN %d handed out twice", lsn)
                                .isTrue();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        int total = threads * perThread;
        assertThat(lsns).hasSize(total);
        assertThat(Collections.max(lsns)).isEqualTo(total);
        log.flush();
        List<WalEntry> replayed = replayAll(log);
        assertThat(lsnsOf(replayed)).isSorted().hasSize(total).doesNotHaveDuplicates();
        Set<Long> blockNumbers = ConcurrentHashMap.newKeySet();
        replayed.forEach(entry -> blockNumbers.add(((PoTSBlockEvent) EventFactory.decode(entry)).blockNumber()));
        assertThat(blockNumbers).hasSize(total);
    }

    @Test
    void readersRunBesideWriters() throws Exception {
        EventLog log = open(16);
        for (int i = 1; i <= 100; i++) {
            log.write(block(i));
        }
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Long> writer = pool.submit(() -> {
                long written = 0;
                // at least 100 entries, so the test also fails if the writer never ran beside the reader
                while ((!stop.get() || written < 100) && written < 20_000) {
                    log.write(block(1000 + written));
                    written++;
                }
                return written;
            });
            Future<Integer> reader = pool.submit(() -> {
                int replays = 0;
                for (int round = 0; round < 20; round++) {
                    List<WalEntry> seen = replayAll(log);
                    assertThat(lsnsOf(seen)).isSorted();
                    assertThat(seen.get(0).lsn()).isEqualTo(1);
                    assertThat(seen.get(seen.size() - 1).lsn()).isEqualTo(seen.size());
                    Optional<WalEntry> any = log.get(1 + round);
                    assertThat(any).isPresent();
                    replays++;
                }
                return replays;
            });
            assertThat(reader.get(60, TimeUnit.SECONDS)).isEqualTo(20);
            stop.set(true);
            assertThat(writer.get(60, TimeUnit.SECONDS)).isPositive();
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
    }

    @Test
    void lookupsBesideTruncationsFindEachLsnOrItsTruncationNeverDamage() throws Exception {
        EventLog log = open(100);
        int entries = 3_000;
        for (int i = 1; i <= entries; i++) {
            log.write(block(i));
        }
        log.flush();
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> truncations = pool.submit(() -> {
                for (long before = 2; before <= entries; before++) {
                    log.truncateBefore(before);
                }
                done.set(true);
                return entries - 1;
            });
            long lookups = 0;
            while (!done.get()) {
                long first = log.metadata().firstRetainedLsn();
                for (long lsn = first; lsn < first + 4 && lsn <= entries; lsn++) {
                    Optional<WalEntry> found = log.get(lsn);
                    if (found.isPresent()) {
                        assertThat(found.get().lsn()).isEqualTo(lsn);
                    } else {
                        assertThat(log.metadata().firstRetainedLsn())
                                .as("LSN %d absent", lsn)
                                .isGreaterThan(lsn);
                    }
                    lookups++;
                }
            }
            assertThat(truncations.get(60, TimeUnit.SECONDS)).isEqualTo(entries - 1);
            assertThat(lookups).isPositive();
            assertThat(log.get(entries)).isPresent();
        } finally {
            done.set(true);
            pool.shutdownNow();
        }
    }

    // ---- buffered entries beside stored ones ----

    @Test
    void lastFindsTheNewestEntryOfATypeBufferedOrFlushed() {
        EventLog log = open(100);
        assertThat(log.last(WalType.POTS)).isEmpty();
        log.write(block(1));
        log.write(reconciliation(1));
        log.flush();
        assertThat(log.last(WalType.POTS).orElseThrow().lsn()).isEqualTo(1);
        log.write(block(2));
        assertThat(log.last(WalType.POTS).orElseThrow().lsn()).isEqualTo(3);
        assertThat(log.last(WalType.RECONCILIATION).orElseThrow().lsn()).isEqualTo(2);
        assertThat(log.last(WalType.HEADER_SYNC)).isEmpty();
        log.truncateBefore(3);
        assertThat(log.last(WalType.RECONCILIATION)).isEmpty();
        log = reopen(log, 100);
        assertThat(EventFactory.decode(log.last(WalType.POTS).orElseThrow())).isEqualTo(block(2));
    }

    @Test
    void aCursorReadsBufferedEntriesAsTheyWereWhenItOpened() {
        EventLog log = open(4);
        for (int i = 1; i <= 6; i++) {
            log.write(block(i));
        }
        List<Long> seen = new ArrayList<>();
        try (EntryCursor cursor = log.cursor(3)) {
            log.write(block(7));
            while (cursor.hasNext()) {
                seen.add(cursor.next().lsn());
            }
            assertThatThrownBy(cursor::next).isInstanceOf(NoSuchElementException.class);
        }
        assertThat(seen).containsExactly(3L, 4L, 5L, 6L);
        try (EntryCursor cursor = log.cursor(WalType.RECONCILIATION, 1)) {
            assertThat(cursor.hasNext()).isFalse();
        }
    }

    @Test
    void findByKeySeesBufferedEntriesAndTheIndexSurvivesReopen() {
        EventLog log = open(100);
        log.write(block(10));
        log.write(block(20));
        log.write(new PoTSBlockEvent(Operation.UPDATE, 10, new byte[] {1}, 9));
        log.flush();
        log.write(block(30));
        log.write(new PoTSBlockEvent(Operation.UPDATE, 30, new byte[] {2}, 9));
        byte[] ten = IndexKeys.ofUnsignedLong(10);
        assertThat(lsnsOf(log.findByKey(WalType.POTS, ten))).containsExactly(1L, 3L);
        assertThat(lsnsOf(log.findByKey(WalType.POTS, IndexKeys.ofUnsignedLong(30))))
                .containsExactly(4L, 5L);
        assertThat(log.findByKey(WalType.POTS, IndexKeys.ofUnsignedLong(11))).isEmpty();
        assertThat(log.findByKey(WalType.RECONCILIATION, ten)).isEmpty();
        log.truncateBefore(2);
        assertThat(lsnsOf(log.findByKey(WalType.POTS, ten))).containsExactly(3L);
        log = reopen(log, 100);
        assertThat(lsnsOf(log.findByKey(WalType.POTS, ten))).containsExactly(3L);
        assertThat(lsnsOf(log.findByKey(WalType.POTS, IndexKeys.ofUnsignedLong(30))))
                .containsExactly(4L, 5L);
    }

    @Test
    void countCountsBufferedEntriesAndSurvivesReopen() {
        EventLog log = open(4);
        assertThat(log.count(WalType.POTS)).isZero();
        for (int i = 1; i <= 10; i++) {
            log.write(i % 3 == 0 ? reconciliation(i) : block(i));
        }
        assertThat(log.count(WalType.POTS)).isEqualTo(7);
        assertThat(log.count(WalType.RECONCILIATION)).isEqualTo(3);
        assertThat(log.count(WalType.HEADER_SYNC)).isZero();
        log.truncateBefore(5);
        assertThat(log.count(WalType.POTS)).isEqualTo(4);
        assertThat(log.count(WalType.RECONCILIATION)).isEqualTo(2);
        log = reopen(log, 4);
        assertThat(log.count(WalType.POTS)).isEqualTo(4);
        log.write(block(11));
        assertThat(log.count(WalType.POTS)).isEqualTo(5);
        log.truncateBefore(12);
        assertThat(log.count(WalType.POTS)).isZero();
        log.write(block(12));
        assertThat(log.count(WalType.POTS)).isEqualTo(1);
    }

    @Test
    void writeAsyncCompletesWithTheLsnOnceTheEntryIsDurable() throws Exception {
        EventLog log = open(1000);
        long lsn = log.writeAsync(block(1)).get(30, TimeUnit.SECONDS);
        assertThat(lsn).isEqualTo(1);
        assertThat(log.lastFlushedLsn()).isGreaterThanOrEqualTo(1);
        log.write(block(2));
        assertThat(log.writeAsync(block(3)).get(30, TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(log.lastFlushedLsn()).isEqualTo(3);
        log = reopen(log, 1000);
        assertThat(EventFactory.decode(log.get(3).orElseThrow())).isEqualTo(block(3));
    }

    @Test
    void checkpointAsyncComesAfterTheWritesQueuedBeforeIt() throws Exception {
        EventLog log = open(1000);
        List<CompletableFuture<Long>> writes = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            writes.add(log.writeAsync(block(i)));
        }
        long checkpoint = log.checkpointAsync().get(30, TimeUnit.SECONDS);
        long highest = 0;
        for (CompletableFuture<Long> write : writes) {
            assertThat(write).isDone();
            highest = Math.max(highest, write.get());
        }
        assertThat(checkpoint).isGreaterThanOrEqualTo(highest).isEqualTo(200);
        assertThat(log.checkpoints()).containsExactly(200L);
    }

    @Test
    void closeCommitsWhatIsQueued() throws Exception {
        EventLog log = open(1000);
        List<CompletableFuture<Long>> writes = new ArrayList<>();
        for (int i = 1; i <= 500; i++) {
            writes.add(log.writeAsync(block(i)));
        }
        log.close();
        for (CompletableFuture<Long> write : writes) {
            assertThat(write.get(30, TimeUnit.SECONDS)).isPositive();
        }
        EventLog reopened = open(1000);
        assertThat(reopened.lastLsn()).isEqualTo(500);
    }

    @SuppressWarnings("try") // the subscription runs through the block
    @Test
    void manyAsyncWritersAndASubscriberSeeEveryLsnExactlyOnceInOrder() throws Exception {
        EventLog log = open(1000);
        int threads = 8;
        int perThread = 400;
        int total = threads * perThread;
        List<Long> delivered = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch all = new CountDownLatch(total);
        log.write(block(0));
        log.flush();
        try (Subscription subscription = log.subscribe(1, entry -> {
            delivered.add(entry.lsn());
            all.countDown();
        })) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<List<Long>>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        List<CompletableFuture<Long>> mine = new ArrayList<>();
                        for (int i = 0; i < perThread; i++) {
                            mine.add(log.writeAsync(block(1 + thread * 1_000_000L + i)));
                        }
                        List<Long> lsns = new ArrayList<>();
                        for (CompletableFuture<Long> future : mine) {
                            lsns.add(future.get(60, TimeUnit.SECONDS));
                        }
                        return lsns;
                    }));
                }
                Set<Long> acknowledged = new HashSet<>();
                for (Future<List<Long>> future : futures) {
                    List<Long> lsns = future.get(60, TimeUnit.SECONDS);
                    assertThat(lsns).as("one thread's LSNs follow its order").isSorted();
                    acknowledged.addAll(lsns);
                }
                assertThat(acknowledged).hasSize(total);
            } finally {
                pool.shutdownNow();
            }
            assertThat(all.await(60, TimeUnit.SECONDS))
                    .as("subscriber saw %d of %d", delivered.size(), total + 1)
                    .isTrue();
            Thread.sleep(50);
            List<Long> seen = new ArrayList<>(delivered);
            assertThat(seen).hasSize(total + 1);
            for (int i = 0; i < seen.size(); i++) {
                assertThat(seen.get(i)).isEqualTo(i + 1L);
            }
        }
    }

    // ---- functions chained on futures run outside the log's locks ----

    /**
     * A function chained on a {@code writeAsync} future that blocks (here until the test lets it go)
     * holds up no write, flush or commit of another thread: they all finish while it still blocks.
     */
    @SuppressWarnings("FutureReturnValueIgnored") // the chained function is released and awaited through the latches
    @Test
    void aBlockingFunctionChainedOnAFutureHoldsUpNoWriteOnAnotherThread() throws Exception {
        EventLog log = open(1000);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch chainedRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            long[] alone = writeAndFlushTimes(log, pool, 5);
            var unused = pool.submit(() -> log.writeAsync(block(1)).thenAccept(lsn -> {
                chainedRunning.countDown();
                awaitQuietly(release);
            }));
            assertThat(chainedRunning.await(30, TimeUnit.SECONDS))
                    .as("the chained function runs")
                    .isTrue();
            long[] beside = writeAndFlushTimes(log, pool, 5);
            long lastQueued = log.lastLsn() + 1; // nothing else writes now: the queued event gets this LSN
            CompletableFuture<Long> queued = log.writeAsync(block(2));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (log.lastFlushedLsn() < lastQueued && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(log.lastFlushedLsn())
                    .as("an async write queued meanwhile is committed")
                    .isGreaterThanOrEqualTo(lastQueued);
            assertThat(chainedRunning.getCount()).isZero();
            assertThat(release.getCount())
                    .as("all of it while the chained function still blocks")
                    .isOne();
            release.countDown();
            assertThat(queued.get(30, TimeUnit.SECONDS)).isEqualTo(lastQueued);
            double ratio = (double) median(beside) / median(alone);
            System.out.printf(
                    Locale.ROOT,
                    "callbacks (%s): write + flush on another thread took %.2f ms"
                            + " beside a blocked chained function, %.2f ms without one (median of 5): ratio %.2f%n",
                    getClass().getSimpleName(),
                    median(beside) / 1e6,
                    median(alone) / 1e6,
                    ratio);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    /** Writes and flushes {@code rounds} times on a pool thread, each within 20 s; their durations in ns. */
    private static long[] writeAndFlushTimes(EventLog log, ExecutorService pool, int rounds) throws Exception {
        long[] times = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            times[i] = pool.submit(() -> {
                        long start = System.nanoTime();
                        log.write(block(100));
                        log.flush();
                        return System.nanoTime() - start;
                    })
                    .get(20, TimeUnit.SECONDS);
        }
        return times;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A function chained on a future may close the log: the close finishes, and so does every earlier write. */
    @Test
    void aFunctionChainedOnAFutureMayCloseTheLog() throws Exception {
        EventLog log = open(1000);
        List<CompletableFuture<Long>> earlier = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            earlier.add(log.writeAsync(block(i)));
        }
        CompletableFuture<Void> closedByCallback = log.writeAsync(block(101)).thenAccept(lsn -> log.close());
        assertThat(closedByCallback).succeedsWithin(30, TimeUnit.SECONDS);
        for (int i = 0; i < earlier.size(); i++) {
            assertThat(earlier.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(i + 1L);
        }
        assertThatThrownBy(() -> log.write(block(1))).isInstanceOf(EventLogClosedException.class);
        EventLog reopened = open(1000);
        assertThat(reopened.lastLsn()).isEqualTo(101);
        assertThat(EventFactory.decode(reopened.get(101).orElseThrow())).isEqualTo(block(101));
    }

    /** A chained function that closes the log while another thread is closing it: both closes return. */
    @Test
    @SuppressWarnings("FutureReturnValueIgnored") // the nested future is awaited below, both levels
    void aFunctionChainedOnAFutureMayCloseTheLogWhileAnotherThreadClosesIt() throws Exception {
        EventLog log = open(1000);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch chainedRunning = new CountDownLatch(1);
        CountDownLatch closeStarted = new CountDownLatch(1);
        try {
            Future<CompletableFuture<Void>> chained =
                    pool.submit(() -> log.writeAsync(block(1)).thenAccept(lsn -> {
                        chainedRunning.countDown();
                        awaitQuietly(closeStarted);
                        log.close();
                    }));
            assertThat(chainedRunning.await(30, TimeUnit.SECONDS)).isTrue();
            Future<?> closer = pool.submit(log::close);
            Thread.sleep(200); // let the other close reach its wait for the chained function, if it waits
            closeStarted.countDown();
            closer.get(30, TimeUnit.SECONDS);
            assertThat(chained.get(30, TimeUnit.SECONDS)).succeedsWithin(30, TimeUnit.SECONDS);
        } finally {
            closeStarted.countDown();
            pool.shutdownNow();
        }
        EventLog reopened = open(1000);
        assertThat(reopened.lastLsn()).isEqualTo(1);
    }
}
