package io.rockwal.rocks.tool;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockwal.rocks.RocksEventLog;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rockwal last --type T}. */
class LastCommandTest {

    @TempDir
    Path dir;

    @Test
    void printsTheNewestEntryOfTheTypeByFullOrShortName() {
        ToolFixtures.writeStore(dir, 3);
        for (String type : new String[] {"wal:reconciliation", "reconciliation"}) {
            CliRun run = CliRun.of("last", "--type", type, "--dir", dir.toString());
            assertThat(run.status()).isEqualTo(RockwalCli.OK);
            assertThat(ToolFixtures.parse(run.out()).get("lsn").getAsLong()).isEqualTo(23);
            assertThat(ToolFixtures.parse(run.out()).get("eventClass").getAsString())
                    .isEqualTo("ReconciliationBatchEvent");
        }
    }

    @Test
    void aTypeWithoutEntriesIsNotFound() {
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            log.write(ToolFixtures.block(1));
        }
        CliRun run = CliRun.of("last", "--type", "headersync", "--dir", dir.toString());
        assertThat(run.status()).isEqualTo(RockwalCli.NOT_FOUND);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).hasSize(1).first().asString().contains("wal:headersync");
        CliRun custom = CliRun.of("last", "--type", "peer:score", "--dir", dir.toString());
        assertThat(custom.status()).isEqualTo(RockwalCli.NOT_FOUND);
        assertThat(custom.err()).contains("no such type");
    }

    @Test
    void aMissingOrInvalidTypeIsAUsageError() {
        ToolFixtures.writeStore(dir, 1);
        assertThat(CliRun.of("last", "--dir", dir.toString()).status()).isEqualTo(RockwalCli.USAGE);
        CliRun run = CliRun.of("last", "--type", "bad type!", "--dir", dir.toString());
        assertThat(run.status()).isEqualTo(RockwalCli.USAGE);
        assertThat(run.err().lines()).hasSize(1);
    }
}
