package io.rockwal.bench;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A one-broker KRaft cluster in a JVM of its own, for benchmarks that must not share their JVM with
 * the broker, its data in the directory given as the argument (if any): prints {@code bootstrap <host:port>} once ready, then runs until its stdin closes.
 */
final class KafkaBroker {

    private KafkaBroker() {}

    static KafkaClusterTestKit start(java.nio.file.Path baseDirectory) throws Exception {
        TestKitNodes.Builder nodes =
                new TestKitNodes.Builder().setNumBrokerNodes(1).setNumControllerNodes(1);
        if (baseDirectory != null) {
            nodes.setBaseDirectory(baseDirectory);
        }
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes.build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return cluster;
    }

    @SuppressWarnings("try") // KafkaClusterTestKit.close() declares Exception, InterruptedException among them
    public static void main(String[] args) throws Exception {
        try (KafkaClusterTestKit cluster = start(
                args.length > 0 && !args[0].isEmpty()
                        ? java.nio.file.Files.createTempDirectory(java.nio.file.Path.of(args[0]), "kafka-bench")
                        : null)) {
            System.out.println("bootstrap " + cluster.bootstrapServers());
            System.out.flush();
            while (System.in.read() >= 0) {
                // runs until the parent closes stdin or dies
            }
        }
    }
}
