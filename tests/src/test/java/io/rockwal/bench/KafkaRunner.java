package io.rockwal.bench;

import io.rockwal.core.Operation;
import io.rockwal.events.PoTSBlockEvent;
import io.rockwal.rocks.RocksEventLog;
import io.rockwal.rocks.kafka.KafkaExporter;
import io.rockwal.testkit.TestFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The Kafka exporter's catch-up rate: a store of {@code --events} entries (256-byte payloads) exported
 * from the start into a new topic of a KRaft broker running in this JVM (a JVM of its own, sharing the
 * machine's cores with this one), per transaction size, {@code --rounds} times,
 * median reported; then the node's durable write rate with an exporter following it and without.
 * Run with {@code --suite kafka}.
 */
final class KafkaRunner {

    private static final int PAYLOAD_BYTES = 256;
    private static final int[] TRANSACTION_ENTRIES = {1_000, 10_000, 50_000};

    private final Path dir;
    private final long events;
    private final int rounds;

    KafkaRunner(Path dir, long events, int rounds) {
        this.dir = dir;
        this.events = events;
        this.rounds = rounds;
    }

    void run() throws Exception {
        System.out.println(Environment.describe(dir));
        System.out.printf(
                Locale.ROOT,
                "kafka export: %,d entries of %d-byte payloads exported from LSN 1 into a new "
                        + "topic (1 partition) of a broker in another JVM on this machine; %d rounds, medians%n%n",
                events,
                PAYLOAD_BYTES,
                rounds);
        Path store = dir.resolve("kafka-store");
        TestFiles.deleteRecursively(store);
        // the broker keeps its data in memory where it can: on the node's disk its writes would slow
        // the node's fsyncs, a cost of this one-machine setup that a fleet's remote brokers do not add
        String brokerData = java.nio.file.Files.isDirectory(Path.of("/dev/shm")) ? "/dev/shm" : "";
        System.out.println("broker data: " + (brokerData.isEmpty() ? "the temporary directory" : brokerData));
        Process broker = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-Xmx1g",
                        "-cp",
                        System.getProperty("java.class.path"),
                        KafkaBroker.class.getName(),
                        brokerData)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (RocksEventLog log = RocksEventLog.open(store, 1_000)) {
            String bootstrap = bootstrapOf(broker);
            write(log);
            long bytes = events * PAYLOAD_BYTES;
            System.out.printf(
                    Locale.ROOT, "%-22s %14s %10s %12s%n", "entries per transaction", "entries/s", "MB/s", "seconds");
            int topic = 0;
            for (int transaction : TRANSACTION_ENTRIES) {
                double[] seconds = new double[rounds];
                for (int round = 0; round < rounds; round++) {
                    String name = "export-" + topic++;
                    createTopic(bootstrap, name);
                    long began = System.nanoTime();
                    try (KafkaExporter exporter = KafkaExporter.builder(log, bootstrap, name, "bench")
                            .transactionEntries(transaction)
                            .build()
                            .start()) {
                        if (!exporter.awaitCommitted(events, Duration.ofMinutes(10))) {
                            throw new IllegalStateException("the export did not finish: " + exporter.status());
                        }
                    }
                    seconds[round] = (System.nanoTime() - began) / 1e9;
                }
                Arrays.sort(seconds);
                double median = seconds[rounds / 2];
                System.out.printf(
                        Locale.ROOT,
                        "%-22d %,14.0f %10.1f %12.2f%n",
                        transaction,
                        events / median,
                        bytes / median / 1e6,
                        median);
            }
            System.out.printf(
                    Locale.ROOT,
                    "%nthe node's durable writes (%,d entries a round, flushes of 1,000, "
                            + "%d rounds each, alternating with and without an exporter following):%n",
                    Math.min(events, 300_000),
                    Math.max(5, rounds));
            System.out.printf(
                    Locale.ROOT,
                    "%-28s %14s %14s %12s %16s%n",
                    "exporter limit (entries/s)",
                    "without /s",
                    "with /s",
                    "ratio",
                    "export µs CPU/entry");
            for (long cap : new long[] {0, 100_000, 50_000, 20_000}) {
                topic = besideTheNode(bootstrap, log, topic, cap);
            }
        } finally {
            broker.getOutputStream().close();
            if (!broker.waitFor(60, TimeUnit.SECONDS)) {
                broker.destroyForcibly();
            }
        }
    }

    /** Reads the child broker's {@code bootstrap host:port} line. */
    private static String bootstrapOf(Process broker) throws java.io.IOException {
        java.io.BufferedReader out = new java.io.BufferedReader(
                new java.io.InputStreamReader(broker.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("bootstrap ")) {
                return line.substring("bootstrap ".length());
            }
        }
        throw new IllegalStateException("the broker process ended before it was ready");
    }

    private static void createTopic(String bootstrap, String name) throws Exception {
        try (Admin admin = Admin.create(java.util.Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
        }
    }

    /**
     * The node's durable write rate (batches of 1,000, each fsynced) with an exporter following it and
     * without, in alternating rounds on the same store; the broker runs in both.
     */
    private int besideTheNode(String bootstrap, RocksEventLog log, int firstTopic, long cap) throws Exception {
        int perRound = (int) Math.min(events, 300_000);
        int pairs = Math.max(5, rounds);
        double[] off = new double[pairs];
        double[] on = new double[pairs];
        double[] ratios = new double[pairs];
        double[] cpuPerEntry = new double[pairs];
        int topic = firstTopic;
        for (int pair = 0; pair < pairs; pair++) {
            off[pair] = timedWrites(log, perRound);
            String name = "beside-" + topic++;
            createTopic(bootstrap, name);
            try (KafkaExporter exporter = KafkaExporter.builder(log, bootstrap, name, "beside")
                    .startLsn(log.lastLsn() + 1)
                    .maxEntriesPerSecond(cap)
                    .build()
                    .start()) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (exporter.status().state() != KafkaExporter.State.RUNNING) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the exporter did not start: " + exporter.status());
                    }
                    Thread.sleep(10);
                }
                long first = log.lastLsn() + 1;
                long exporterCpu = exportThreadsCpuNanos();
                on[pair] = timedWrites(log, perRound);
                if (!exporter.awaitCommitted(first + perRound - 1, Duration.ofMinutes(30))) {
                    throw new IllegalStateException("the export did not finish: " + exporter.status());
                }
                cpuPerEntry[pair] = (exportThreadsCpuNanos() - exporterCpu) / (double) perRound;
            }
            ratios[pair] = on[pair] / off[pair];
        }
        Arrays.sort(off);
        Arrays.sort(on);
        Arrays.sort(ratios);
        Arrays.sort(cpuPerEntry);
        System.out.printf(
                Locale.ROOT,
                "%-28s %,14.0f %,14.0f %12.3f %16.2f%n",
                cap == 0 ? "none" : String.format(Locale.ROOT, "%,d", cap),
                off[pairs / 2],
                on[pairs / 2],
                ratios[pairs / 2],
                cpuPerEntry[pairs / 2] / 1e3);
        return topic;
    }

    /** CPU time of the exporter's thread and the Kafka client's threads in this JVM, so far. */
    private static long exportThreadsCpuNanos() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long total = 0;
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null
                    && (info.getThreadName().startsWith("rockwal-kafka-export")
                            || info.getThreadName().startsWith("kafka-producer-network-thread"))) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    /** Writes {@code count} entries, flushed every 1,000; returns entries per second. */
    private static double timedWrites(RocksEventLog log, int count) {
        SplittableRandom random = new SplittableRandom(log.lastLsn());
        byte[] payload = new byte[PAYLOAD_BYTES - 24];
        long began = System.nanoTime();
        for (int i = 0; i < count; i++) {
            random.nextBytes(payload);
            log.write(new PoTSBlockEvent(Operation.APPEND, log.lastLsn() + 1, payload.clone(), i));
        }
        log.flush();
        return count / ((System.nanoTime() - began) / 1e9);
    }

    private void write(RocksEventLog log) {
        SplittableRandom random = new SplittableRandom(7);
        byte[] payload = new byte[PAYLOAD_BYTES - 24];
        for (long i = 1; i <= events; i++) {
            random.nextBytes(payload);
            log.write(new PoTSBlockEvent(Operation.APPEND, i, payload.clone(), i));
        }
        log.flush();
    }
}
