package io.rockwal.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rockwal.core.WalEntry;
import io.rockwal.rocks.RocksEventLog;
import io.rockwal.rocks.RocksEventLogOptions;
import io.rockwal.rocks.kafka.KafkaExporter;
import io.rockwal.rocks.kafka.KafkaRecords;
import io.rockwal.rocks.micrometer.KafkaExporterMeterBinder;
import io.rockwal.testkit.SampleEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka exporter against a real broker (KRaft, one controller and one broker in this JVM): every
 * LSN once, in order, byte for byte, across exporter kills, a broker restart and truncations.
 */
class KafkaExportIT {

    private static KafkaClusterTestKit cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() throws Exception {
        cluster = oneBroker(new TestKitNodes.Builder()
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .build())
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
    }

    /** A cluster whose internal topics (offsets, transactions) fit one broker. */
    private static KafkaClusterTestKit.Builder oneBroker(TestKitNodes nodes) {
        return new KafkaClusterTestKit.Builder(nodes)
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0");
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get(60, TimeUnit.SECONDS);
        }
    }

    private static void writeSamples(RocksEventLog log, int count) {
        for (int i = 0; i < count; i++) {
            log.write(SampleEvents.of(log.lastLsn() + 1));
        }
        log.flush();
    }

    /** Every committed record in the topic, per partition in offset order. */
    private static Map<Integer, List<ConsumerRecord<byte[], byte[]>>> consumeAll(String topic) {
        return consumeAll(topic, "read_committed");
    }

    private static Map<Integer, List<ConsumerRecord<byte[], byte[]>>> consumeAll(String topic, String isolation) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> byPartition = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertThat(System.nanoTime())
                        .as("read %s to its end within 60 s", topic)
                        .isLessThan(deadline);
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    byPartition
                            .computeIfAbsent(record.partition(), p -> new ArrayList<>())
                            .add(record);
                }
            }
        }
        return byPartition;
    }

    /** The node's records, checked to lie in one partition; in offset order. */
    private static List<ConsumerRecord<byte[], byte[]>> recordsOf(String topic, String node) {
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        Set<Integer> partitions = new java.util.TreeSet<>();
        byte[] key = node.getBytes(StandardCharsets.UTF_8);
        consumeAll(topic)
                .forEach((partition, records) -> records.stream()
                        .filter(record -> java.util.Arrays.equals(record.key(), key))
                        .forEach(record -> {
                            partitions.add(partition);
                            found.add(record);
                        }));
        assertThat(partitions).as("the partitions holding node %s", node).hasSizeLessThanOrEqualTo(1);
        return found;
    }

    /** Kafka holds each of {@code from..to} once, in order, equal to what the log stores. */
    private static void assertExportedExactly(
            List<ConsumerRecord<byte[], byte[]>> records, RocksEventLog log, long from, long to) {
        List<Long> lsns = records.stream().map(KafkaRecords::lsn).toList();
        assertThat(lsns).as("LSNs in Kafka").hasSize((int) (to - from + 1));
        for (int i = 0; i < lsns.size(); i++) {
            assertThat(lsns.get(i)).as("record %d", i).isEqualTo(from + i);
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
            WalEntry entry = KafkaRecords.toEntry(record);
            assertThat(entry)
                    .as("LSN %d byte for byte", entry.lsn())
                    .isEqualTo(log.get(entry.lsn()).orElseThrow());
            assertThat(record.timestamp()).isEqualTo(entry.timestampMillis());
        }
    }

    @Test
    void twoNodesExportEveryEntryOnceInOrderByteForByteEachInOnePartition() throws Exception {
        String topic = "fleet";
        createTopic(topic, 3);
        int entries = 100_000;
        try (RocksEventLog a = RocksEventLog.open(dir.resolve("a"), 1_000);
                RocksEventLog b = RocksEventLog.open(dir.resolve("b"), 1_000)) {
            writeSamples(a, entries);
            writeSamples(b, entries / 2);
            try (KafkaExporter exportA = KafkaExporter.builder(a, cluster.bootstrapServers(), topic, "node-a")
                            .build();
                    KafkaExporter exportB = KafkaExporter.builder(b, cluster.bootstrapServers(), topic, "node-b")
                            .build()) {
                exportA.start();
                exportB.start();
                assertThat(exportA.awaitCommitted(entries, Duration.ofMinutes(2)))
                        .as("%s", exportA.status())
                        .isTrue();
                assertThat(exportB.awaitCommitted(entries / 2, Duration.ofMinutes(2)))
                        .as("%s", exportB.status())
                        .isTrue();
                writeSamples(a, 500);
                assertThat(exportA.awaitCommitted(entries + 500, Duration.ofMinutes(1)))
                        .isTrue();
                assertThat(exportA.status().gaps()).isEmpty();
            }
            assertExportedExactly(recordsOf(topic, "node-a"), a, 1, entries + 500);
            assertExportedExactly(recordsOf(topic, "node-b"), b, 1, entries / 2);
            System.out.printf(
                    "kafka export: node-a %,d and node-b %,d entries of all 8 event kinds in one topic of 3"
                            + " partitions, each LSN once, in order, equal to the store with every header%n",
                    entries + 500, entries / 2);
        }
    }

    @Test
    void theCommandKilledAtAnyMomentResumesAndEndsWithEveryLsnOnce() throws Exception {
        String topic = "killed";
        createTopic(topic, 1);
        Path store = dir.resolve("store");
        SplittableRandom random = new SplittableRandom(17);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        try (RocksEventLog log = RocksEventLog.open(
                store, RocksEventLogOptions.builder().batchSize(0).build())) {
            Thread writer = new Thread(
                    () -> {
                        try {
                            while (writing.get()) {
                                writeSamples(log, 50);
                                Thread.sleep(2);
                            }
                        } catch (Throwable e) {
                            writerFailure.set(e);
                        }
                    },
                    "node-writer");
            writer.start();
            int kills = 5;
            for (int round = 0; round < kills; round++) {
                Path errors = dir.resolve("export-" + round + ".err");
                Process exporter = startCommand(store, topic, errors);
                // the writer went on while no exporter ran: a kill soon after the resume lands while the
                // exporter catches up in back-to-back transactions, so most likely inside one
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
                while (!Files.readString(errors).contains("RUNNING")) {
                    assertThat(System.nanoTime())
                            .as("exporter %d resumed; it said:%n%s", round, Files.readString(errors))
                            .isLessThan(deadline);
                    Thread.sleep(5);
                }
                Thread.sleep(20 + random.nextInt(200));
                exporter.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL
                Thread.sleep(500);
            }
            writing.set(false);
            writer.join();
            assertThat(writerFailure.get()).isNull();
            long last = log.lastFlushedLsn();
            Path errors = dir.resolve("export-last.err");
            Process exporter = startCommand(store, topic, errors);
            try {
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
                while (!Files.readString(errors).contains("committed LSN " + last + ",")) {
                    assertThat(System.nanoTime())
                            .as("the exporter reached LSN %d; it said:%n%s", last, Files.readString(errors))
                            .isLessThan(deadline);
                    assertThat(exporter.isAlive())
                            .as("exporter alive; it said:%n%s", Files.readString(errors))
                            .isTrue();
                    Thread.sleep(200);
                }
            } finally {
                exporter.destroy(); // SIGTERM: a clean stop
                assertThat(exporter.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
            assertExportedExactly(recordsOf(topic, "node-k"), log, 1, last);
            int uncommitted = consumeAll(topic, "read_uncommitted").values().stream()
                    .mapToInt(List::size)
                    .sum();
            assertThat(uncommitted)
                    .as("the kills left records of aborted transactions, which read_committed skips")
                    .isGreaterThan((int) last);
            System.out.printf(
                    "kafka export: %d SIGKILLs of `rockwal export kafka`, then %,d LSNs in Kafka once each"
                            + " (%,d records of aborted transactions skipped)%n",
                    kills, last, uncommitted - last);
        }
    }

    private static Process startCommand(Path store, String topic, Path errors) throws IOException {
        List<String> command = ChildJvm.command(
                "256m",
                List.of(),
                TOOL_JAR.toString(),
                io.rockwal.rocks.tool.RockwalCli.class,
                "export",
                "kafka",
                "--dir",
                store.toString(),
                "--bootstrap",
                cluster.bootstrapServers(),
                "--topic",
                topic,
                "--node-id",
                "node-k",
                "--status-interval",
                "1",
                "--transaction-entries",
                "2000");
        return new ProcessBuilder(command)
                .redirectErrorStream(false)
                .redirectError(errors.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    @Test
    void aTopicThatDoesNotExistStopsTheCommandWithItsNameAndCreatesNothing() throws Exception {
        Path store = dir.resolve("store");
        try (RocksEventLog log = RocksEventLog.open(store, 1_000)) {
            writeSamples(log, 10);
        }
        Path errors = dir.resolve("absent.err");
        Process exporter = startCommand(store, "absent-topic", errors);
        assertThat(exporter.waitFor(2, TimeUnit.MINUTES))
                .as("it stops by itself")
                .isTrue();
        assertThat(exporter.exitValue())
                .as("stderr:%n%s", Files.readString(errors))
                .isEqualTo(3);
        assertThat(Files.readString(errors)).contains("FAILED").contains("topic absent-topic does not exist");
        try (Admin admin = cluster.admin()) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain("absent-topic");
        }
    }

    /** Where a thread is, for a failure message. */
    private static String threadStack(String name) {
        StringBuilder stack = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, frames) -> {
            if (thread.getName().equals(name)) {
                for (StackTraceElement frame : frames) {
                    stack.append("  at ").append(frame).append(System.lineSeparator());
                }
            }
        });
        return stack.toString();
    }

    private static final Path TOOL_JAR =
            Path.of("..", "rocks", "target", "rockwal.jar").toAbsolutePath().normalize();

    @Test
    void aSecondExporterOfTheSameNodeFencesTheFirstAndAPinnedPartitionHolds() throws Exception {
        String topic = "fenced";
        createTopic(topic, 3);
        try (RocksEventLog log = RocksEventLog.open(dir.resolve("store"), 1_000);
                KafkaExporter first = KafkaExporter.builder(log, cluster.bootstrapServers(), topic, "node-f")
                        .partition(2)
                        .build()
                        .start()) {
            writeSamples(log, 3_000);
            assertThat(first.awaitCommitted(3_000, Duration.ofMinutes(1)))
                    .as("%s", first.status())
                    .isTrue();
            try (KafkaExporter second = KafkaExporter.builder(log, cluster.bootstrapServers(), topic, "node-f")
                    .partition(2)
                    .build()
                    .start()) {
                assertThat(second.awaitCommitted(3_000, Duration.ofMinutes(1)))
                        .as("%s", second.status())
                        .isTrue();
                writeSamples(log, 3_000);
                assertThat(second.awaitCommitted(6_000, Duration.ofMinutes(1)))
                        .as("%s", second.status())
                        .isTrue();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (first.status().state() != KafkaExporter.State.FAILED) {
                    assertThat(System.nanoTime())
                            .as("the first exporter was fenced: %s", first.status())
                            .isLessThan(deadline);
                    Thread.sleep(20);
                }
                assertThat(first.status().lastError()).containsIgnoringCase("fenced");
            }
            Map<Integer, List<ConsumerRecord<byte[], byte[]>>> partitions = consumeAll(topic);
            assertThat(partitions.keySet()).as("pinned to partition 2").containsExactly(2);
            assertExportedExactly(partitions.get(2), log, 1, 6_000);
        }
    }

    @Test
    void aBrokerRestartLosesAndDuplicatesNothing() throws Exception {
        String topic = "restart";
        createTopic(topic, 1);
        try (RocksEventLog log = RocksEventLog.open(dir.resolve("store"), 1_000);
                KafkaExporter exporter = KafkaExporter.builder(log, cluster.bootstrapServers(), topic, "node-r")
                        .retryBackoff(Duration.ofMillis(200))
                        .transactionEntries(500)
                        .build()
                        .start()) {
            writeSamples(log, 5_000);
            assertThat(exporter.awaitCommitted(2_000, Duration.ofMinutes(1))).isTrue();
            writeSamples(log, 5_000);
            kafka.server.BrokerServer broker =
                    cluster.brokers().values().iterator().next();
            broker.shutdown();
            broker.awaitShutdown();
            long committedBeforeOutage = exporter.status().committedLsn();
            writeSamples(log, 5_000);
            Thread.sleep(3_000);
            assertThat(exporter.status().committedLsn())
                    .as("nothing commits while the broker is down")
                    .isEqualTo(committedBeforeOutage)
                    .isLessThan(15_000);
            broker.startup();
            cluster.waitForReadyBrokers();
            assertThat(exporter.awaitCommitted(15_000, Duration.ofMinutes(2)))
                    .as("%s", exporter.status())
                    .isTrue();
            assertExportedExactly(recordsOf(topic, "node-r"), log, 1, 15_000);
        }
    }

    @SuppressWarnings("try") // KafkaClusterTestKit.close() declares Exception, InterruptedException among them
    @Test
    void aNetworkOutageLosesAndDuplicatesNothing() throws Exception {
        ListenerName clients = ListenerName.normalised("CLIENTS");
        try (TcpProxy proxy = new TcpProxy()) {
            // the broker tells clients (and itself, for transaction markers) to come through the proxy
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBrokerListenerName(clients)
                    .setPerServerProperties(
                            Map.of(0, Map.of("advertised.listeners", "CLIENTS://localhost:" + proxy.port())))
                    .build();
            try (KafkaClusterTestKit behind = oneBroker(nodes).build()) {
                behind.format();
                behind.startup();
                String direct = behind.bootstrapServers();
                proxy.forwardTo(Integer.parseInt(direct.substring(direct.lastIndexOf(':') + 1)));
                behind.waitForReadyBrokers();
                try (Admin admin = behind.admin()) {
                    admin.createTopics(List.of(new NewTopic("outage", 1, (short) 1)))
                            .all()
                            .get(60, TimeUnit.SECONDS);
                }
                try (RocksEventLog log = RocksEventLog.open(dir.resolve("store"), 1_000);
                        KafkaExporter exporter = KafkaExporter.builder(
                                        log, "localhost:" + proxy.port(), "outage", "node-n")
                                .clientProperty("request.timeout.ms", 2_000)
                                .clientProperty("default.api.timeout.ms", 4_000)
                                .producerProperty("delivery.timeout.ms", 4_000)
                                .producerProperty("max.block.ms", 4_000)
                                .transactionEntries(500)
                                .retryBackoff(Duration.ofMillis(200))
                                .build()
                                .start()) {
                    writeSamples(log, 5_000);
                    assertThat(exporter.awaitCommitted(2_000, Duration.ofMinutes(1)))
                            .as("%s", exporter.status())
                            .isTrue();
                    proxy.cut();
                    long committedAtCut = exporter.status().committedLsn();
                    writeSamples(log, 5_000);
                    boolean retried = false;
                    long outageEnds = System.nanoTime() + TimeUnit.SECONDS.toNanos(12);
                    while (System.nanoTime() < outageEnds) {
                        retried |= exporter.status().state() == KafkaExporter.State.RETRYING;
                        Thread.sleep(50);
                    }
                    KafkaExporter.Status duringOutage = exporter.status();
                    assertThat(retried)
                            .as(
                                    "the exporter noticed the outage and retried: %s%n%s",
                                    duringOutage, threadStack("rockwal-kafka-export-node-n"))
                            .isTrue();
                    assertThat(duringOutage.committedLsn())
                            .as("at most the transaction in flight at the cut")
                            .isLessThanOrEqualTo(committedAtCut + 500);
                    proxy.restore();
                    assertThat(exporter.awaitCommitted(10_000, Duration.ofMinutes(2)))
                            .as("%s", exporter.status())
                            .isTrue();
                    assertThat(exporter.status().state()).isEqualTo(KafkaExporter.State.RUNNING);
                    KafkaClusterTestKit shared = cluster;
                    cluster = behind; // the helpers read from the cluster behind the proxy
                    try {
                        assertExportedExactly(recordsOf("outage", "node-n"), log, 1, 10_000);
                    } finally {
                        cluster = shared;
                    }
                }
            }
        }
    }

    @Test
    void truncationWaitsForTheExportUnlessItLagsTooFarThenAGapRecordSaysSo() throws Exception {
        String topic = "retention";
        createTopic(topic, 1);
        RocksEventLogOptions options =
                RocksEventLogOptions.builder().batchSize(0).maxCheckpoints(2).build();
        try (RocksEventLog log = RocksEventLog.open(dir.resolve("store"), options)) {
            writeSamples(log, 3_000);
            // an exporter that cannot reach Kafka: its hold keeps everything while it lags by 10,000 or less
            try (KafkaExporter unreachable = KafkaExporter.builder(log, "127.0.0.1:1", topic, "node-h")
                    .clientProperty("request.timeout.ms", 1_000)
                    .clientProperty("default.api.timeout.ms", 1_000)
                    .retryBackoff(Duration.ofMillis(100))
                    .maxRetentionLag(10_000)
                    .build()
                    .start()) {
                log.truncateBefore(2_001);
                for (int i = 0; i < 3; i++) {
                    log.createCheckpoint();
                }
                assertThat(log.metadata().firstRetainedLsn())
                        .as("nothing exported, nothing removed")
                        .isEqualTo(1);
                assertThat(log.get(1)).isPresent();

                writeSamples(log, 20_000); // now it lags by 23,000: the next truncation overrides the hold
                log.truncateBefore(20_001);
                assertThat(log.metadata().firstRetainedLsn()).isEqualTo(20_001);
                assertThat(unreachable.status().committedLsn()).isZero();
            }
            try (KafkaExporter exporter = KafkaExporter.builder(log, cluster.bootstrapServers(), topic, "node-h")
                    .build()
                    .start()) {
                assertThat(exporter.awaitCommitted(23_000, Duration.ofMinutes(1)))
                        .as("%s", exporter.status())
                        .isTrue();
                assertThat(exporter.status().gaps()).containsExactly(new KafkaExporter.Gap(1, 20_000));
                writeSamples(log, 1_000);
                assertThat(exporter.awaitCommitted(24_000, Duration.ofMinutes(1)))
                        .isTrue();
                log.truncateBefore(24_001);
                assertThat(log.metadata().firstRetainedLsn())
                        .as("everything exported: truncated as asked")
                        .isEqualTo(24_001);
                assertThat(exporter.status().gaps()).hasSize(1);
                SimpleMeterRegistry registry = new SimpleMeterRegistry();
                new KafkaExporterMeterBinder(exporter, Tags.of("store", "wal")).bindTo(registry);
                assertThat(registry.get("rockwal.export.gaps")
                                .tag("node", "node-h")
                                .functionCounter()
                                .count())
                        .isEqualTo(1);
                assertThat(registry.get("rockwal.export.gap.entries")
                                .functionCounter()
                                .count())
                        .isEqualTo(20_000);
                assertThat(registry.get("rockwal.export.lsn.committed").gauge().value())
                        .isEqualTo(24_000);
                assertThat(registry.get("rockwal.export.entries")
                                .functionCounter()
                                .count())
                        .isEqualTo(4_000);
                assertThat(registry.get("rockwal.export.state").gauge().value())
                        .isEqualTo(KafkaExporter.State.RUNNING.ordinal());
            }
            List<ConsumerRecord<byte[], byte[]>> records = recordsOf(topic, "node-h");
            assertThat(KafkaRecords.gap(records.get(0)))
                    .as("first, the gap record")
                    .hasValueSatisfying(gap -> assertThat(gap).containsExactly(1, 20_000));
            assertThatThrownByGap(records.get(0));
            List<Long> after = records.subList(1, records.size()).stream()
                    .map(KafkaRecords::lsn)
                    .toList();
            assertThat(after).hasSize(4_000).first().isEqualTo(20_001L);
            assertThat(after).last().isEqualTo(24_000L);
            assertThat(after).isSorted().doesNotHaveDuplicates();
        }
    }

    private static void assertThatThrownByGap(ConsumerRecord<byte[], byte[]> gap) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KafkaRecords.toEntry(gap))
                .hasMessageContaining("gap record");
    }
}
