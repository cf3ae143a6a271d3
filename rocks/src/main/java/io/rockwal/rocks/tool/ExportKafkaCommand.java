package io.rockwal.rocks.tool;

import io.rockwal.rocks.RocksEventLogReader;
import io.rockwal.rocks.kafka.KafkaExporter;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code rockwal export kafka}: a {@link KafkaExporter} on a {@link RocksEventLogReader}, following the
 * store like {@code tail} until stopped. Its status lines go to stderr; stdout stays empty.
 */
@Command(
        name = "kafka",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Exports every flushed entry into a Kafka topic, exactly once, and follows the store until stopped.",
            "",
            "One record per entry: key the node id, value the stored payload, headers rockwal.lsn, rockwal.type, "
                    + "rockwal.operation, rockwal.codec and rockwal.timestamp. It resumes after the node's last "
                    + "record committed in the topic, which must exist. Entries truncated before they were exported "
                    + "become one gap record (headers rockwal.gap.from, rockwal.gap.to). Works on a store a node has "
                    + "open. A status line goes to stderr at every change and every --status-interval. "
                    + "Ctrl-C (exit 130) or SIGTERM (exit 143) stop it; an open transaction is aborted and sent again next time."
        })
final class ExportKafkaCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private ExportCommand export;

    @Option(
            names = "--partition",
            paramLabel = "N",
            description = "Pin the node to this partition instead of the one its id hashes to (after partitions "
                    + "were added to the topic, keep a node where its records are).")
    private Integer partition;

    @Mixin
    private StoreOptions store;

    @Option(
            names = "--bootstrap",
            required = true,
            paramLabel = "HOST:PORT[,HOST:PORT]",
            description = "Kafka's bootstrap servers.")
    private String bootstrap;

    @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "The topic; it must exist.")
    private String topic;

    @Option(
            names = "--node-id",
            required = true,
            paramLabel = "ID",
            description = "This node's id: the records' key, and the transactional id rockwal-export-ID.")
    private String nodeId;

    @Option(
            names = "--property",
            paramLabel = "NAME=VALUE",
            description = "A Kafka client setting for the producer and the consumer that reads back "
                    + "(security.protocol=SSL, for one); repeatable.")
    private Map<String, String> properties = new LinkedHashMap<>();

    @Option(
            names = "--transaction-entries",
            paramLabel = "N",
            defaultValue = "10000",
            description = "The most entries in one transaction. Default: ${DEFAULT-VALUE}.")
    private int transactionEntries;

    @Option(
            names = "--interval",
            paramLabel = "MS",
            defaultValue = "100",
            description = "Milliseconds between two looks at the store when idle. Default: ${DEFAULT-VALUE}.")
    private long intervalMillis;

    @Option(
            names = "--status-interval",
            paramLabel = "S",
            defaultValue = "10",
            description = "Seconds between two status lines while nothing changes. Default: ${DEFAULT-VALUE}.")
    private long statusSeconds;

    @Option(
            names = "--start-lsn",
            paramLabel = "LSN",
            defaultValue = "1",
            description = "Where a node with nothing in the topic yet starts. Default: ${DEFAULT-VALUE}.")
    private long startLsn;

    @Override
    public Integer call() throws Exception {
        if (intervalMillis < 10) {
            throw new ParameterException(
                    spec.commandLine(), "--interval must be at least 10 ms, was " + intervalMillis);
        }
        if (statusSeconds < 1) {
            throw new ParameterException(
                    spec.commandLine(), "--status-interval must be at least 1 s, was " + statusSeconds);
        }
        KafkaExporter.Builder builder;
        PrintWriter err = spec.commandLine().getErr();
        RockwalCli cli = export.cli();
        StopRequest stop = cli.stop();
        stop.stopOnShutdown();
        try (RocksEventLogReader reader = store.openReader(Duration.ofMillis(intervalMillis))) {
            try {
                builder = KafkaExporter.builder(reader, bootstrap, topic, nodeId)
                        .transactionEntries(transactionEntries)
                        .pollInterval(Duration.ofMillis(intervalMillis))
                        .startLsn(startLsn);
                if (partition != null) {
                    builder.partition(partition);
                }
                properties.forEach(builder::clientProperty);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            try (KafkaExporter exporter = builder.build().start()) {
                return follow(exporter, stop, err);
            }
        } finally {
            err.flush();
        }
    }

    /** Prints a status line at each change and every status interval until stopped or failed. */
    private int follow(KafkaExporter exporter, StopRequest stop, PrintWriter err) throws InterruptedException {
        KafkaExporter.Status printed = null;
        long printedAt = 0;
        while (true) {
            KafkaExporter.Status status = exporter.status();
            boolean changed = printed == null
                    || status.state() != printed.state()
                    || status.gaps().size() != printed.gaps().size();
            if (changed
                    || System.nanoTime() - printedAt
                            >= Duration.ofSeconds(statusSeconds).toNanos()) {
                err.println(statusLine(status));
                err.flush();
                printed = status;
                printedAt = System.nanoTime();
            }
            if (status.state() == KafkaExporter.State.FAILED) {
                return RockwalCli.FAILED;
            }
            if (stop.isRequested()) {
                return RockwalCli.OK;
            }
            stop.await(Math.min(200, intervalMillis * 2));
        }
    }

    /** {@code export kafka: RUNNING, committed LSN 120, lag 0, 120 entries in 1 transactions, gaps none}. */
    static String statusLine(KafkaExporter.Status status) {
        StringBuilder line = new StringBuilder("export kafka: ")
                .append(status.state())
                .append(", committed LSN ")
                .append(status.committedLsn())
                .append(", lag ")
                .append(status.lagEntries())
                .append(", ")
                .append(status.exportedEntries())
                .append(" entries in ")
                .append(status.transactions())
                .append(" transactions, gaps ");
        if (status.gaps().isEmpty()) {
            line.append("none");
        } else {
            status.gaps()
                    .forEach(gap -> line.append(gap.fromLsn())
                            .append("..")
                            .append(gap.toLsn())
                            .append(' '));
            line.setLength(line.length() - 1);
        }
        if (status.lastError() != null) {
            line.append("; last error: ").append(status.lastError());
        }
        return line.toString();
    }
}
