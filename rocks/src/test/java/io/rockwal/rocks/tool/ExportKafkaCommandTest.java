package io.rockwal.rocks.tool;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockwal.rocks.kafka.KafkaExporter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rockwal export kafka}: its bad input and its status line (the broker side is KafkaExportIT's). */
class ExportKafkaCommandTest {

    @TempDir
    Path dir;

    private CliRun export(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("export", "kafka", "--dir", dir.toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void badOptionsAreUsageErrorsNamingTheOption() {
        ToolFixtures.writeStore(dir, 3);
        CliRun noBootstrap = export("--topic", "t", "--node-id", "n");
        assertThat(noBootstrap.status()).isEqualTo(RockwalCli.USAGE);
        assertThat(noBootstrap.err()).contains("--bootstrap");

        CliRun fastInterval = export("--bootstrap", "localhost:1", "--topic", "t", "--node-id", "n", "--interval", "5");
        assertThat(fastInterval.status()).isEqualTo(RockwalCli.USAGE);
        assertThat(fastInterval.err()).contains("--interval must be at least 10 ms, was 5");

        CliRun blankNode = export("--bootstrap", "localhost:1", "--topic", "t", "--node-id", " ");
        assertThat(blankNode.status()).isEqualTo(RockwalCli.USAGE);
        assertThat(blankNode.err()).contains("nodeId must not be empty");

        CliRun badPartition =
                export("--bootstrap", "localhost:1", "--topic", "t", "--node-id", "n", "--partition", "-1");
        assertThat(badPartition.status()).isEqualTo(RockwalCli.USAGE);
        assertThat(badPartition.err()).contains("partition must not be negative, was -1");

        CliRun bigTransactions =
                export("--bootstrap", "localhost:1", "--topic", "t", "--node-id", "n", "--transaction-entries", "0");
        assertThat(bigTransactions.status()).isEqualTo(RockwalCli.USAGE);
        assertThat(bigTransactions.err()).contains("transactionEntries must be 1 to 100000, was 0");

        CliRun noTarget = CliRun.of("export");
        assertThat(noTarget.status()).isEqualTo(RockwalCli.USAGE);
        assertThat(noTarget.err()).contains("kafka");
    }

    @Test
    void theStatusLineSaysStateCommittedLsnLagCountsGapsAndTheLastError() {
        KafkaExporter.Status status = new KafkaExporter.Status(
                KafkaExporter.State.RETRYING,
                120,
                150,
                120,
                3,
                List.of(new KafkaExporter.Gap(1, 9), new KafkaExporter.Gap(20, 29)),
                "TimeoutException: x",
                Instant.EPOCH);
        assertThat(ExportKafkaCommand.statusLine(status))
                .isEqualTo("export kafka: RETRYING, committed LSN 120, lag 30,"
                        + " 120 entries in 3 transactions, gaps 1..9 20..29; last error: TimeoutException: x");
        assertThat(status.gapEntries()).isEqualTo(19);
    }
}
