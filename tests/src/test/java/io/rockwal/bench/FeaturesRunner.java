package io.rockwal.bench;

import io.rockwal.core.EventCatalog;
import io.rockwal.core.EventLog;
import io.rockwal.core.IndexKeys;
import io.rockwal.core.Operation;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import io.rockwal.events.EventFactory;
import io.rockwal.events.PoTSBlockEvent;
import io.rockwal.events.StandardEvents;
import io.rockwal.rocks.RocksEventLog;
import io.rockwal.rocks.RocksEventLogOptions;
import io.rockwal.testkit.TestFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Benchmarks of what the node grew beyond the original log: durable throughput through group commit
 * against one fsync per event, and hydration, keyed lookup and counting against the replay-based
 * equivalents the original forces. Run with {@code --suite features} (see {@link WorkloadRunner}).
 */
final class FeaturesRunner {

    private static final int SMALL_PAYLOAD = 100;

    private final Path dir;
    private final long events;
    private final Duration window;

    @SuppressWarnings("UnusedVariable") // a sink: the answers are summed so the JIT cannot drop the work
    private long blackhole;

    FeaturesRunner(Path dir, long events, Duration window) {
        this.dir = dir;
        this.events = events;
        this.window = window;
    }

    void run() throws Exception {
        System.out.println(Environment.describe(dir));
        System.out.flush();
        System.out.printf(
                Locale.ROOT,
                "durable writes: %d-byte PoTS events, fsync on, %d s per measurement%n%n",
                SMALL_PAYLOAD,
                window.toSeconds());
        System.out.printf(
                Locale.ROOT, "%-10s %22s %22s %8s%n", "writers", "fsync per event (/s)", "group commit (/s)", "ratio");
        for (int threads : new int[] {1, 4, 16}) {
            double perEvent = durableRate(threads, false);
            double grouped = durableRate(threads, true);
            System.out.printf(
                    Locale.ROOT, "%-10d %,22.0f %,22.0f %8.1f%n", threads, perEvent, grouped, grouped / perEvent);
        }
        System.out.println();
        lookups();
    }

    /**
     * Events made durable per second by {@code threads} writers that each wait for their event to be
     * durable before writing the next: either write + flush on a log with batch size 1 (one fsync per
     * event, the original's default) or writeAsync(...).get() through the group committer.
     */
    private double durableRate(int threads, boolean groupCommit) throws Exception {
        Path store = dir.resolve("durable-" + threads + (groupCommit ? "-group" : "-single"));
        TestFiles.deleteRecursively(store);
        byte[] data = new byte[SMALL_PAYLOAD - 12];
        try (RocksEventLog log = RocksEventLog.open(
                store, RocksEventLogOptions.builder().batchSize(1).build())) {
            return DurableWriters.rate(threads, window, (thread, i) -> {
                PoTSBlockEvent event = new PoTSBlockEvent(Operation.APPEND, thread * 1_000_000_000L + i, data, i);
                if (groupCommit) {
                    log.writeAsync(event).get();
                } else {
                    log.write(event);
                }
            });
        }
    }

    private void lookups() throws Exception {
        Path store = dir.resolve("features-store");
        TestFiles.deleteRecursively(store);
        EventCatalog.Builder catalog = EventCatalog.builder();
        BlobEvent.catalog().codecs().stream()
                .filter(codec -> !codec.type().equals(WalType.POTS))
                .forEach(catalog::add);
        StandardEvents.catalog().codecs().stream()
                .filter(codec -> codec.eventClass() == PoTSBlockEvent.class)
                .forEach(catalog::add);
        RocksEventLogOptions options = RocksEventLogOptions.builder()
                .catalog(catalog.build())
                .syncOnFlush(false)
                .build();
        List<WalType> types = WalType.standardTypes();
        long blocks = 0;
        try (RocksEventLog log = RocksEventLog.open(store, options)) {
            byte[] payload = new byte[256];
            SplittableRandom random = new SplittableRandom(1);
            for (long lsn = 1; lsn <= events; lsn++) {
                WalType type = types.get((int) ((lsn - 1) % types.size()));
                for (int i = 0; i < payload.length; i++) {
                    payload[i] = (byte) random.nextInt(256);
                }
                if (type.equals(WalType.POTS)) {
                    log.write(new PoTSBlockEvent(Operation.APPEND, ++blocks, Arrays.copyOf(payload, 240), lsn));
                } else {
                    log.write(new BlobEvent(type, payload.clone()));
                }
            }
        }
        try (RocksEventLog log = RocksEventLog.open(store, options)) {
            System.out.printf(Locale.ROOT, "on %,d entries (%,d PoTS blocks), after reopen:%n", events, blocks);
            System.out.printf(
                    Locale.ROOT, "%-44s %16s %20s %10s%n", "question", "store (p50)", "replay-based (p50)", "ratio");
            long[] numbers =
                    new SplittableRandom(2).longs(10_000, 1, blocks + 1).toArray();
            report(
                    "last entry of a type",
                    time(10_000, i -> size(log.last(WalType.HEADER_SYNC).orElseThrow())),
                    time(3, i -> size(lastByReplay(log, WalType.HEADER_SYNC))));
            report(
                    "PoTS block by number",
                    time(
                            10_000,
                            i -> log.findByKey(WalType.POTS, IndexKeys.ofUnsignedLong(numbers[i]))
                                    .size()),
                    time(3, i -> blockByReplay(log, numbers[i])));
            report(
                    "blocks N..N+100 in number order",
                    time(
                            1_000,
                            i -> log.scanByKey(
                                            WalType.POTS,
                                            IndexKeys.ofUnsignedLong(numbers[i]),
                                            IndexKeys.ofUnsignedLong(numbers[i] + 100),
                                            100)
                                    .size()),
                    time(3, i -> rangeByReplay(log, numbers[i], numbers[i] + 100)));
            report(
                    "how many PoTS blocks",
                    time(10_000, i -> (int) log.count(WalType.POTS)),
                    time(3, i -> countByReplay(log, WalType.POTS)));
            report(
                    "hydrate all seven types",
                    time(1_000, i -> log.hydrateAll().size()),
                    time(3, i -> hydrateByReplay(log)));
        }
    }

    private static int size(WalEntry entry) {
        return entry.payloadSize();
    }

    private static WalEntry lastByReplay(EventLog log, WalType type) {
        WalEntry[] last = new WalEntry[1];
        log.replay(type, entry -> last[0] = entry);
        return last[0];
    }

    private static int blockByReplay(EventLog log, long number) {
        int[] found = new int[1];
        log.replay(WalType.POTS, entry -> {
            if (((PoTSBlockEvent) EventFactory.decode(entry)).blockNumber() == number) {
                found[0]++;
            }
        });
        return found[0];
    }

    private static int rangeByReplay(EventLog log, long from, long before) {
        List<WalEntry> found = new ArrayList<>();
        log.replay(WalType.POTS, entry -> {
            long number = ((PoTSBlockEvent) EventFactory.decode(entry)).blockNumber();
            if (number >= from && number < before) {
                found.add(entry);
            }
        });
        return found.size();
    }

    private static int countByReplay(EventLog log, WalType type) {
        int[] count = new int[1];
        log.replay(type, entry -> count[0]++);
        return count[0];
    }

    private static int hydrateByReplay(EventLog log) {
        java.util.Map<WalType, WalEntry> last = new java.util.HashMap<>();
        log.replay(entry -> last.put(entry.type(), entry));
        return last.size();
    }

    @FunctionalInterface
    private interface Question {
        int ask(int i) throws Exception;
    }

    /** Median nanoseconds of {@code count} runs, after a tenth as many (at least one) to warm up. */
    private long time(int count, Question question) throws Exception {
        for (int i = 0; i < Math.max(1, count / 10); i++) {
            blackhole += question.ask(i);
        }
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            long t0 = System.nanoTime();
            blackhole += question.ask(i);
            nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        return nanos[count / 2];
    }

    private static void report(String question, long storeNanos, long replayNanos) {
        System.out.printf(
                Locale.ROOT,
                "%-44s %16s %20s %10s%n",
                question,
                duration(storeNanos),
                duration(replayNanos),
                String.format(Locale.ROOT, "%,.0fx", replayNanos / (double) storeNanos));
    }

    private static String duration(long nanos) {
        return nanos >= 1_000_000
                ? String.format(Locale.ROOT, "%.1f ms", nanos / 1e6)
                : String.format(Locale.ROOT, "%.1f us", nanos / 1e3);
    }
}
