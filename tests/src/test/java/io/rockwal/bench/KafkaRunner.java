package io.rockwal.bench;

import io.rockwal.core.Operation;
import io.rockwal.events.PoTSBlockEvent;
import io.rockwal.rocks.RocksEventLog;
import io.rockwal.rocks.kafka.KafkaExporter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * The Kafka exporter's catch-up rate: a store of {@code --events} entries (256-byte payloads) exported
 * from the start into a new topic of a KRaft broker running in this JVM (so the broker shares the
 * machine's cores with the exporter and the store), per transaction size, {@code --rounds} times,
 * median reported. Run with {@code --suite kafka}.
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
        System.out.printf(Locale.ROOT, "kafka export: %,d entries of %d-byte payloads exported from LSN 1 into a new "
                + "topic (1 partition) of a broker in this JVM; %d rounds, medians%n%n", events, PAYLOAD_BYTES, rounds);
        Path store = dir.resolve("kafka-store");
        WorkloadRunner.deleteRecursively(store);
        try (KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .build();
                RocksEventLog log = RocksEventLog.open(store, 1_000)) {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            write(log);
            long bytes = (long) events * PAYLOAD_BYTES;
            System.out.printf(Locale.ROOT, "%-22s %14s %10s %12s%n", "entries per transaction", "entries/s", "MB/s",
                    "seconds");
            int topic = 0;
            for (int transaction : TRANSACTION_ENTRIES) {
                double[] seconds = new double[rounds];
                for (int round = 0; round < rounds; round++) {
                    String name = "export-" + topic++;
                    try (Admin admin = cluster.admin()) {
                        admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
                    }
                    long began = System.nanoTime();
                    try (KafkaExporter exporter = KafkaExporter.builder(log, cluster.bootstrapServers(), name, "bench")
                            .transactionEntries(transaction).build().start()) {
                        if (!exporter.awaitCommitted(events, Duration.ofMinutes(10))) {
                            throw new IllegalStateException("the export did not finish: " + exporter.status());
                        }
                    }
                    seconds[round] = (System.nanoTime() - began) / 1e9;
                }
                Arrays.sort(seconds);
                double median = seconds[rounds / 2];
                System.out.printf(Locale.ROOT, "%-22d %,14.0f %10.1f %12.2f%n", transaction, events / median,
                        bytes / median / 1e6, median);
            }
        }
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
