package io.rockwal.rocks.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a whole: usage errors, help, version, and how failures are reported. */
class RockwalCliTest {

    @TempDir
    Path dir;

    @Test
    void noCommandIsAUsageErrorOnOneLine() {
        CliRun run = CliRun.of();
        assertThat(run.status()).isEqualTo(RockwalCli.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).hasSize(1).first().asString().contains("Missing command");
    }

    @Test
    void anUnknownCommandOrOptionIsAUsageError() {
        assertThat(CliRun.of("frobnicate").status()).isEqualTo(RockwalCli.USAGE);
        CliRun run = CliRun.of("stats", "--dir", dir.toString(), "--bogus");
        assertThat(run.status()).isEqualTo(RockwalCli.USAGE);
        assertThat(run.err().lines())
                .hasSize(1)
                .first()
                .asString()
                .startsWith("rockwal stats: ")
                .contains("--bogus");
    }

    @Test
    void helpListsTheCommandsAndExitCodes() {
        CliRun run = CliRun.of("--help");
        assertThat(run.status()).isZero();
        assertThat(run.out())
                .contains(
                        "demo",
                        "get",
                        "last",
                        "replay",
                        "tail",
                        "stats",
                        "verify",
                        "Exit status:",
                        "corruption or I/O error");
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"demo", "get", "last", "replay", "tail", "stats", "verify"}) {
            CliRun run = CliRun.of(command, "--help");
            assertThat(run.status()).as(command).isZero();
            assertThat(run.out()).as(command).contains("Usage: rockwal " + command, "--dir", "Exit status:");
        }
    }

    @Test
    void versionNamesTheToolAndRocksDb() {
        CliRun run = CliRun.of("--version");
        assertThat(run.status()).isZero();
        assertThat(run.out()).startsWith("rockwal ").containsPattern("RocksDB \\d+\\.\\d+");
    }

    @Test
    void aMissingStoreIsAnIoErrorOnOneLine() {
        CliRun run = CliRun.of("stats", "--dir", dir.resolve("nowhere").toString());
        assertThat(run.status()).isEqualTo(RockwalCli.FAILED);
        assertThat(run.err().lines())
                .hasSize(1)
                .first()
                .asString()
                .startsWith("rockwal stats: ")
                .contains("nowhere");
    }

    @Test
    void aDirectoryWithoutAStoreIsAnIoError() {
        CliRun run = CliRun.of("get", "1", "--dir", dir.toString());
        assertThat(run.status()).isEqualTo(RockwalCli.FAILED);
        assertThat(run.err()).contains("no rockwal store");
    }
}
