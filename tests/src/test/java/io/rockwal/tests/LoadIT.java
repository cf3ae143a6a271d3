package io.rockwal.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockwal.core.EncodedEvent;
import io.rockwal.core.EntryCursor;
import io.rockwal.core.EventCatalog;
import io.rockwal.core.EventLogView;
import io.rockwal.core.IndexKeys;
import io.rockwal.core.Subscription;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import io.rockwal.events.PoTSBlockEvent;
import io.rockwal.events.StandardEvents;
import io.rockwal.rocks.RocksEventLog;
import io.rockwal.rocks.RocksEventLogOptions;
import io.rockwal.rocks.RocksEventLogReader;
import io.rockwal.testkit.SampleEvents;
import io.rockwal.tests.LoadRecords.LongPairs;
import io.rockwal.tests.LoadRecords.SubscriptionCheck;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight writer threads and four reader threads on one {@link RocksEventLog}, and a fifth reader thread
 * and a subscription on a {@link RocksEventLogReader} following it as a secondary instance, for
 * {@code -Drockwal.load.seconds} (default 60), then a check of everything they were told:
 *
 * <ul>
 *   <li>every LSN a writer was given was given once, and together they are exactly {@code 1..lastLsn};</li>
 *   <li>a replay (before and after a reopen) delivers {@code firstRetained..lastLsn} in LSN order, each
 *       entry with the exact type, operation, codec and payload of the event its writer wrote;</li>
 *   <li>every entry a reader saw is still there with the same content unless it was truncated;</li>
 *   <li>a subscription on the log, and one on the reader, each saw every durable LSN exactly once, in
 *       order, with the same content.</li>
 * </ul>
 *
 * <p>Writers remember only (LSN, seed) pairs: {@link SampleEvents#of(long)} rebuilds the event. Writer 0
 * also creates checkpoints and truncates now and then, never past either subscription's position (a
 * subscription that loses undelivered entries to truncation ends by contract, which is not what is
 * tested here).
 */
class LoadIT {

    private static final long SECONDS = Long.getLong("rockwal.load.seconds", 60);
    private static final int WRITERS = 8;
    private static final int READERS = 4;
    private static final int MAX_CHECKPOINTS = 10;
    private static final EventCatalog CATALOG = StandardEvents.catalog();

    private static final Map<String, LongAdder> OPERATIONS = new ConcurrentHashMap<>();
    private static final AtomicLong VERIFIED = new AtomicLong();
    private static final AtomicLong FIRST_RETAINED = new AtomicLong();
    private static final AtomicLong LAST_LSN = new AtomicLong();
    private static final AtomicLong OBSERVATIONS = new AtomicLong();
    private static volatile long elapsedNanos;
    private static volatile long totalNanos;

    @TempDir
    Path dir;

    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private volatile boolean stop;

    @Test
    void eightWritersAndFourReadersKeepLsnsContiguousAndEveryAcknowledgedEntryIntact() throws Exception {
        long start = System.nanoTime();
        Path store = dir.resolve("store");
        RocksEventLogOptions options = RocksEventLogOptions.builder()
                .batchSize(500)
                .maxCheckpoints(MAX_CHECKPOINTS)
                .build();
        List<LongPairs> written = new ArrayList<>();
        List<LongPairs> observed = new ArrayList<>();
        SubscriptionCheck delivered = new SubscriptionCheck();
        SubscriptionCheck followed = new SubscriptionCheck();
        try (RocksEventLog log = RocksEventLog.open(store, options);
                RocksEventLogReader follower = RocksEventLogReader.open(store)) {
            assertThat(follower.mode()).isEqualTo(RocksEventLogReader.Mode.SECONDARY);
            Subscription logSubscription = log.subscribe(1, delivered::accept);
            Subscription following = follower.subscribe(1, followed::accept);
            LongSupplier slowestSubscription = () -> Math.min(logSubscription.nextLsn(), following.nextLsn());
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                LongPairs pairs = new LongPairs();
                written.add(pairs);
                int id = w;
                threads.add(thread("writer-" + w, () -> writer(log, id, pairs, slowestSubscription)));
            }
            for (int r = 0; r < READERS; r++) {
                LongPairs pairs = new LongPairs();
                observed.add(pairs);
                int id = r;
                threads.add(thread("reader-" + r, () -> reader(log, id, pairs)));
            }
            LongPairs secondaryPairs = new LongPairs();
            observed.add(secondaryPairs);
            threads.add(thread("reader-secondary", () -> reader(follower, READERS, secondaryPairs)));
            long loadStart = System.nanoTime();
            threads.forEach(Thread::start);
            long deadline = loadStart + TimeUnit.SECONDS.toNanos(SECONDS);
            while (System.nanoTime() < deadline && failures.isEmpty()) {
                Thread.sleep(100);
            }
            stop = true;
            for (Thread thread : threads) {
                thread.join(TimeUnit.MINUTES.toMillis(2));
                assertThat(thread.isAlive())
                        .as(thread.getName() + " still running")
                        .isFalse();
            }
            elapsedNanos = System.nanoTime() - loadStart;
            assertThat(failures).isEmpty();

            log.flush();
            long lastLsn = log.lastLsn();
            assertThat(log.lastFlushedLsn()).isEqualTo(lastLsn);
            long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while ((logSubscription.nextLsn() <= lastLsn || following.nextLsn() <= lastLsn)
                    && System.nanoTime() < waitUntil) {
                Thread.sleep(20);
            }
            for (Subscription subscription : List.of(logSubscription, following)) {
                subscription.close();
                subscription.terminated().get(10, TimeUnit.SECONDS);
            }
            assertThat(delivered.failure).as("subscription").isNull();
            assertThat(delivered.nextLsn).as("subscription's next LSN").isEqualTo(lastLsn + 1);
            assertThat(followed.failure)
                    .as("the secondary reader's subscription")
                    .isNull();
            assertThat(followed.nextLsn)
                    .as("the secondary reader's subscription's next LSN")
                    .isEqualTo(lastLsn + 1);

            long[] seeds = seedsByLsn(written, lastLsn);
            long firstRetained = log.metadata().firstRetainedLsn();
            long[] digests = verifyReplay(log, seeds, firstRetained, lastLsn);
            verifyObservations(observed, digests, firstRetained);
            for (long lsn = firstRetained; lsn <= lastLsn; lsn++) {
                assertThat(delivered.digests[(int) lsn])
                        .as("subscription's entry %d", lsn)
                        .isEqualTo(digests[(int) lsn]);
                assertThat(followed.digests[(int) lsn])
                        .as("the secondary reader's entry %d", lsn)
                        .isEqualTo(digests[(int) lsn]);
            }
            verifyCounts(log, firstRetained, lastLsn, seeds);
            FIRST_RETAINED.set(firstRetained);
            LAST_LSN.set(lastLsn);
        }
        try (RocksEventLog reopened = RocksEventLog.open(store, options)) {
            long[] seeds = seedsByLsn(written, LAST_LSN.get());
            assertThat(reopened.lastLsn()).isEqualTo(LAST_LSN.get());
            verifyReplay(reopened, seeds, reopened.metadata().firstRetainedLsn(), LAST_LSN.get());
        }
        totalNanos = System.nanoTime() - start;
    }

    private void writer(RocksEventLog log, int id, LongPairs pairs, LongSupplier slowestSubscription) {
        SplittableRandom random = new SplittableRandom(1000 + id);
        long nextMaintenance = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        while (!stop) {
            int choice = random.nextInt(10);
            if (choice < 4) {
                long seed = random.nextLong();
                pairs.add(log.write(SampleEvents.of(seed)), seed);
                log.flush();
                count("write+flush");
            } else if (choice < 7) {
                int n = 1 + random.nextInt(16);
                long[] seeds = new long[n];
                List<CompletableFuture<Long>> futures = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    seeds[i] = random.nextLong();
                    futures.add(log.writeAsync(SampleEvents.of(seeds[i])));
                }
                for (int i = 0; i < n; i++) {
                    pairs.add(futures.get(i).join(), seeds[i]);
                }
                count("writeAsync", n);
            } else {
                int n = 1 + random.nextInt(300);
                for (int i = 0; i < n; i++) {
                    long seed = random.nextLong();
                    pairs.add(log.write(SampleEvents.of(seed)), seed);
                }
                log.flush();
                count("batch");
                count("batch entries", n);
            }
            if (id == 0 && System.nanoTime() > nextMaintenance) {
                maintain(log, random, slowestSubscription);
                nextMaintenance = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500 + random.nextInt(1000));
            }
        }
    }

    /** A checkpoint, or a truncation of up to half the retained log; never past a subscription. */
    private static void maintain(RocksEventLog log, SplittableRandom random, LongSupplier slowestSubscription) {
        if (random.nextInt(4) > 0) {
            List<Long> checkpoints = log.checkpoints();
            // A checkpoint beyond the maximum truncates before the one it drops.
            if (checkpoints.size() < MAX_CHECKPOINTS || checkpoints.get(0) < slowestSubscription.getAsLong()) {
                log.createCheckpoint();
                count("createCheckpoint");
            }
        } else {
            long first = log.metadata().firstRetainedLsn();
            long half = first + (log.lastFlushedLsn() - first) / 2;
            long before = Math.min(half, slowestSubscription.getAsLong());
            if (before > first) {
                log.truncateBefore(before);
                count("truncateBefore");
            }
        }
    }

    /** Random reads of a view: the log itself, or the reader following it from "another process". */
    private void reader(EventLogView log, int id, LongPairs observations) {
        SplittableRandom random = new SplittableRandom(2000 + id);
        List<WalType> types = List.copyOf(CATALOG.types());
        while (!stop) {
            long lastLsn = log.lastLsn();
            if (lastLsn == 0) {
                Thread.onSpinWait();
                continue;
            }
            WalType type = types.get(random.nextInt(types.size()));
            switch (random.nextInt(8)) {
                case 0, 1 -> {
                    long lsn = 1 + random.nextLong(lastLsn);
                    Optional<WalEntry> entry = log.get(lsn);
                    if (entry.isPresent()) {
                        check(
                                entry.get().lsn() == lsn,
                                "get(" + lsn + ") returned " + entry.get().lsn());
                        observe(observations, entry.get());
                    } else {
                        long first = log.metadata().firstRetainedLsn();
                        check(
                                lsn < first,
                                "get(" + lsn + ") empty but first retained is " + first + " and " + lastLsn
                                        + " was handed out");
                    }
                    count("get");
                }
                case 2 -> {
                    long[] previous = {0};
                    log.replay(type, entry -> {
                        check(
                                entry.type().equals(type) && entry.lsn() > previous[0],
                                "replay of " + type + " gave " + entry.lsn() + " after " + previous[0]);
                        previous[0] = entry.lsn();
                        if ((entry.lsn() & 63) == 0) {
                            observe(observations, entry);
                        }
                    });
                    count("replay(type)");
                }
                case 3 -> {
                    long from = 1 + random.nextLong(lastLsn);
                    checkPage(log.scan(from, 1 + random.nextInt(200)), null, from, observations);
                    checkPage(log.scan(type, from, 1 + random.nextInt(200)), type, from, observations);
                    count("scan page", 2);
                }
                case 4 -> {
                    long from = 1 + random.nextLong(lastLsn);
                    List<WalEntry> page = new ArrayList<>();
                    try (EntryCursor cursor = log.cursor(from)) {
                        for (int i = 0, n = 1 + random.nextInt(500); i < n && cursor.hasNext(); i++) {
                            page.add(cursor.next());
                        }
                    }
                    checkPage(page, null, from, observations);
                    count("cursor page");
                }
                case 5 -> {
                    log.last(type).ifPresent(entry -> {
                        check(entry.type().equals(type), "last(" + type + ") gave a " + entry.type());
                        observe(observations, entry);
                    });
                    count("last");
                }
                case 6 -> {
                    long count = log.count(type);
                    check(count >= 0 && count <= log.lastLsn(), "count(" + type + ") = " + count);
                    count("count");
                }
                default -> {
                    Optional<WalEntry> block = log.last(WalType.POTS);
                    if (block.isPresent()) {
                        long number = ((PoTSBlockEvent) CATALOG.decode(block.get())).blockNumber();
                        List<WalEntry> found = log.findByKey(WalType.POTS, IndexKeys.ofUnsignedLong(number));
                        long first = log.metadata().firstRetainedLsn();
                        check(
                                block.get().lsn() < first
                                        || found.stream()
                                                .anyMatch(e ->
                                                        e.lsn() == block.get().lsn()),
                                "findByKey(POTS, " + number + ") misses LSN "
                                        + block.get().lsn());
                        found.forEach(entry -> observe(observations, entry));
                    }
                    count("findByKey");
                }
            }
        }
    }

    /** A page over all types (typeOrNull null) is contiguous; a page of one type is increasing. */
    private void checkPage(List<WalEntry> page, WalType typeOrNull, long from, LongPairs observations) {
        long previous = from - 1;
        for (WalEntry entry : page) {
            boolean ordered = typeOrNull == null
                    ? (previous == from - 1 ? entry.lsn() >= from : entry.lsn() == previous + 1)
                    : entry.lsn() > previous && entry.type().equals(typeOrNull);
            check(ordered, "page from " + from + " of " + typeOrNull + " gave " + entry.lsn() + " after " + previous);
            previous = entry.lsn();
            observe(observations, entry);
        }
    }

    private static void observe(LongPairs observations, WalEntry entry) {
        observations.add(
                entry.lsn(), digest(entry.type(), entry.operation().ordinal(), entry.codecId(), entry.payload()));
    }

    private static long[] seedsByLsn(List<LongPairs> written, long lastLsn) {
        assertThat(lastLsn).isLessThan(Integer.MAX_VALUE);
        long[] seeds = new long[(int) lastLsn + 1];
        boolean[] given = new boolean[(int) lastLsn + 1];
        for (LongPairs pairs : written) {
            for (int i = 0; i < pairs.size; i++) {
                long lsn = pairs.first[i];
                assertThat(lsn).as("an acknowledged LSN").isBetween(1L, lastLsn);
                assertThat(given[(int) lsn]).as("LSN %d given twice", lsn).isFalse();
                given[(int) lsn] = true;
                seeds[(int) lsn] = pairs.second[i];
            }
        }
        for (int lsn = 1; lsn <= lastLsn; lsn++) {
            assertThat(given[lsn]).as("LSN %d was handed out to no writer", lsn).isTrue();
        }
        return seeds;
    }

    /** Replays all, checks order and content against the seeds; returns each retained LSN's digest. */
    private static long[] verifyReplay(RocksEventLog log, long[] seeds, long firstRetained, long lastLsn) {
        long[] digests = new long[(int) lastLsn + 1];
        long[] expectedLsn = {firstRetained};
        log.replay(entry -> {
            long lsn = entry.lsn();
            assertThat(lsn).as("replay order").isEqualTo(expectedLsn[0]);
            EncodedEvent expected = CATALOG.encode(SampleEvents.of(seeds[(int) lsn]));
            assertThat(entry.type()).as("type of %d", lsn).isEqualTo(expected.type());
            assertThat(entry.operation()).as("operation of %d", lsn).isEqualTo(expected.operation());
            assertThat(entry.codecId()).as("codec of %d", lsn).isEqualTo(expected.codecId());
            assertThat(Arrays.equals(entry.payload(), expected.payload()))
                    .as("payload of %d", lsn)
                    .isTrue();
            digests[(int) lsn] = digest(entry.type(), entry.operation().ordinal(), entry.codecId(), entry.payload());
            expectedLsn[0]++;
        });
        assertThat(expectedLsn[0]).as("replay's end").isEqualTo(lastLsn + 1);
        VERIFIED.set(lastLsn - firstRetained + 1);
        return digests;
    }

    private static void verifyObservations(List<LongPairs> observed, long[] digests, long firstRetained) {
        long checked = 0;
        for (LongPairs pairs : observed) {
            for (int i = 0; i < pairs.size; i++) {
                long lsn = pairs.first[i];
                if (lsn >= firstRetained) {
                    assertThat(pairs.second[i])
                            .as("entry %d as a reader saw it, and now", lsn)
                            .isEqualTo(digests[(int) lsn]);
                    checked++;
                }
            }
        }
        OBSERVATIONS.set(checked);
    }

    private static void verifyCounts(RocksEventLog log, long firstRetained, long lastLsn, long[] seeds) {
        Map<WalType, Long> expected = new TreeMap<>((a, b) -> a.name().compareTo(b.name()));
        for (long lsn = firstRetained; lsn <= lastLsn; lsn++) {
            expected.merge(SampleEvents.of(seeds[(int) lsn]).type(), 1L, Long::sum);
        }
        for (WalType type : CATALOG.types()) {
            assertThat(log.count(type)).as("count(%s)", type).isEqualTo(expected.getOrDefault(type, 0L));
        }
    }

    static long digest(WalType type, int operation, int codecId, byte[] payload) {
        long hash = 0xcbf29ce484222325L;
        hash = (hash ^ type.name().hashCode()) * 0x100000001b3L;
        hash = (hash ^ operation) * 0x100000001b3L;
        hash = (hash ^ codecId) * 0x100000001b3L;
        for (byte b : payload) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        return hash;
    }

    private void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    private static void count(String kind) {
        count(kind, 1);
    }

    private static void count(String kind, long n) {
        OPERATIONS.computeIfAbsent(kind, k -> new LongAdder()).add(n);
    }

    private Thread thread(String name, Runnable body) {
        Thread thread = new Thread(
                () -> {
                    try {
                        body.run();
                    } catch (Throwable e) {
                        failures.add(new AssertionError(Thread.currentThread().getName() + " failed", e));
                        stop = true;
                    }
                },
                name);
        thread.setDaemon(true);
        return thread;
    }

    @AfterAll
    static void summary() {
        double seconds = elapsedNanos / 1e9;
        StringBuilder line = new StringBuilder(String.format(
                "load: %d writers + %d readers for %.0f s on one store: %,d LSNs handed out, %,d retained entries "
                        + "verified in order with exact content (twice: before and after reopen), %,d reader "
                        + "observations re-checked (one reader a secondary instance), subscriptions on the log and"
                        + " on the secondary reader saw all %,d in order; operations",
                WRITERS, READERS, seconds, LAST_LSN.get(), VERIFIED.get(), OBSERVATIONS.get(), LAST_LSN.get()));
        new TreeMap<>(OPERATIONS)
                .forEach((kind, n) -> line.append(
                        String.format(" %s %,d (%,.0f/s),", kind, n.sum(), seconds == 0 ? 0 : n.sum() / seconds)));
        line.setLength(line.length() - 1);
        line.append(String.format("; first retained LSN %,d; %.0f s in all", FIRST_RETAINED.get(), totalNanos / 1e9));
        System.out.println(line);
    }
}
