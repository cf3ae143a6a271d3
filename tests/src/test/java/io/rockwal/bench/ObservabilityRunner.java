package io.rockwal.bench;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rockwal.core.WalType;
import io.rockwal.rocks.RocksEventLog;
import io.rockwal.rocks.RocksEventLogOptions;
import io.rockwal.rocks.micrometer.RockwalMeterBinder;
import io.rockwal.testkit.TestFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;

/**
 * What observing the store costs its writers: durable writes with everything an operator turns on
 * (RocksDB's statistics, the Micrometer binder read once a second as a scrape would, a JFR recording
 * of the store's events) against everything off, alternating in one run. Run with
 * {@code --suite observability} (see {@link WorkloadRunner}); {@code --events}, {@code --rounds} and
 * {@code --seconds} apply. "paired" is the median of each round's on/off ratio: the two runs of a round
 * are seconds apart, so it is less exposed to the machine's drift than the ratio of the medians.
 */
final class ObservabilityRunner {

    private static final List<WalType> TYPES = WalType.standardTypes();
    private static final int PAYLOAD = 256;
    private static final int BATCH = 1000;
    private static final int WRITERS = 4;

    private final Path dir;
    private final long events;
    private final int rounds;
    private final Duration window;
    private final byte[][] payloads = new byte[1024][];
    private long scraped;

    ObservabilityRunner(Path dir, long events, int rounds, Duration window) {
        this.dir = dir;
        this.events = events;
        this.rounds = rounds;
        this.window = window;
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < payloads.length; i++) {
            payloads[i] = new byte[PAYLOAD];
            for (int b = 0; b < PAYLOAD; b++) {
                payloads[i][b] = (byte) random.nextInt(256);
            }
        }
    }

    void run() throws Exception {
        System.out.println(Environment.describe(dir));
        System.out.printf(
                Locale.ROOT,
                "observability cost: \"on\" = rocksDbStatistics(true) + RockwalMeterBinder on a "
                        + "SimpleMeterRegistry read every second + a JFR recording of io.rockwal.*; \"off\" = none of them.%n"
                        + "batched: %,d events of %d bytes in flushes of %,d, fsync on; group commit: %d writers, "
                        + "writeAsync(...).get(), %d s windows; %d rounds alternating, medians%n%n",
                events,
                PAYLOAD,
                BATCH,
                WRITERS,
                window.toSeconds(),
                rounds);
        double[][] batched = new double[2][rounds];
        double[][] grouped = new double[2][rounds];
        for (int round = 0; round < rounds; round++) {
            for (int on = 0; on <= 1; on++) {
                int mode = (round % 2 == 0) ? on : 1 - on;
                batched[mode][round] = measure(mode == 1, false);
                grouped[mode][round] = measure(mode == 1, true);
            }
            System.out.printf(
                    Locale.ROOT,
                    "round %d: batched off %,.0f on %,.0f; group commit off %,.0f on %,.0f%n",
                    round + 1,
                    batched[0][round],
                    batched[1][round],
                    grouped[0][round],
                    grouped[1][round]);
        }
        System.out.printf(
                Locale.ROOT,
                "%n%-34s %14s %14s %8s %14s%n",
                "durable writes (/s, median)",
                "off",
                "on",
                "on/off",
                "paired on/off");
        print("batched, flush of 1,000", batched);
        print("group commit, 4 writers", grouped);
        if (scraped == 42) {
            System.out.println();
        }
    }

    private static void print(String label, double[][] rates) {
        double off = median(rates[0]);
        double on = median(rates[1]);
        double[] paired = new double[rates[0].length];
        for (int round = 0; round < paired.length; round++) {
            paired[round] = rates[1][round] / rates[0][round];
        }
        System.out.printf(
                Locale.ROOT, "%-34s %,14.0f %,14.0f %8.3f %14.3f%n", label, off, on, on / off, median(paired));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private double measure(boolean observed, boolean groupCommit) throws Exception {
        Path store = dir.resolve("observability-" + (groupCommit ? "group" : "batched"));
        TestFiles.deleteRecursively(store);
        RocksEventLogOptions options = RocksEventLogOptions.builder()
                .catalog(BlobEvent.catalog())
                .batchSize(groupCommit ? 1 : BATCH)
                .rocksDbStatistics(observed)
                .build();
        ScheduledExecutorService scraper = Executors.newSingleThreadScheduledExecutor();
        try (RocksEventLog log = RocksEventLog.open(store, options);
                Recording recording = new Recording()) {
            if (observed) {
                recording.enable("io.rockwal.Flush");
                recording.enable("io.rockwal.Truncation");
                recording.enable("io.rockwal.Compaction");
                recording.setToDisk(false);
                recording.start();
                SimpleMeterRegistry registry = new SimpleMeterRegistry();
                new RockwalMeterBinder(log).bindTo(registry);
                var unused = scraper.scheduleAtFixedRate(() -> scrape(registry), 1, 1, TimeUnit.SECONDS);
            }
            return groupCommit ? groupCommitRate(log) : batchedRate(log);
        } finally {
            scraper.shutdownNow();
            scraper.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private void scrape(SimpleMeterRegistry registry) {
        for (Meter meter : registry.getMeters()) {
            meter.measure().forEach(measurement -> scraped += (long) measurement.getValue());
        }
    }

    private double batchedRate(RocksEventLog log) {
        long start = System.nanoTime();
        for (long lsn = 1; lsn <= events; lsn++) {
            log.write(new BlobEvent(TYPES.get((int) (lsn % TYPES.size())), payloads[(int) (lsn & 1023)]));
        }
        log.flush();
        return events / ((System.nanoTime() - start) / 1e9);
    }

    private double groupCommitRate(RocksEventLog log) throws Exception {
        return DurableWriters.rate(
                WRITERS,
                window,
                (thread, i) -> log.writeAsync(new BlobEvent(TYPES.get(thread), payloads[(int) (i & 1023)]))
                        .get());
    }
}
