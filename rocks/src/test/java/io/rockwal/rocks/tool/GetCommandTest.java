package io.rockwal.rocks.tool;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import io.rockwal.events.StandardEvents;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rockwal get}: the entry by LSN, and each exit status. */
class GetCommandTest {

    @TempDir
    Path dir;

    @BeforeEach
    void twoRoundsOfEveryKind() {
        ToolFixtures.writeStore(dir, 2);
    }

    private CliRun get(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "get";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--dir";
        all[args.length + 2] = dir.toString();
        return CliRun.of(all);
    }

    @Test
    void printsTheEntryAsOneJsonObject() {
        CliRun run = get("11");
        assertThat(run.status()).isEqualTo(RockwalCli.OK);
        assertThat(run.err()).isEmpty();
        JsonObject entry = ToolFixtures.parse(run.out());
        assertThat(entry.get("lsn").getAsLong()).isEqualTo(11);
        assertThat(entry.get("type").getAsString()).isEqualTo("wal:priorsync");
        assertThat(entry.get("operation").getAsString()).isEqualTo("REQUEST");
        assertThat(entry.getAsJsonObject("timestamp").get("iso").getAsString())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(entry.getAsJsonObject("timestamp").get("epochMillis").getAsLong())
                .isPositive();
        assertThat(entry.get("codec").getAsInt()).isEqualTo(3);
        assertThat(entry.getAsJsonObject("event")
                        .getAsJsonObject("priorsync")
                        .get("blockhash")
                        .getAsString())
                .isEqualTo("0001abff");
    }

    @Test
    void compactPrintsOneLine() {
        CliRun run = get("1", "--compact");
        assertThat(run.lines()).hasSize(1);
        assertThat(ToolFixtures.parse(run.out()).get("lsn").getAsLong()).isEqualTo(1);
    }

    @Test
    void rawPrintsTheStoredPayloadInHex() {
        CliRun run = get("16", "--raw");
        JsonObject entry = ToolFixtures.parse(run.out());
        assertThat(entry.has("event")).isFalse();
        assertThat(entry.get("payload").getAsString())
                .isEqualTo(HexFormat.of()
                        .formatHex(StandardEvents.catalog()
                                .encode(ToolFixtures.block(101))
                                .payload()));
    }

    @Test
    void anLsnNotInTheStoreIsNotFound() {
        CliRun run = get("17");
        assertThat(run.status()).isEqualTo(RockwalCli.NOT_FOUND);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).hasSize(1).first().asString().contains("LSN 17", "LSNs 1..16");
    }

    @Test
    void aBadLsnIsAUsageError() {
        for (String lsn : new String[] {"0", "-3", "x", "99999999999999999999"}) {
            CliRun run = get(lsn);
            assertThat(run.status()).as(lsn).isEqualTo(RockwalCli.USAGE);
            assertThat(run.err().lines()).as(lsn).hasSize(1);
        }
        assertThat(CliRun.of("get", "--dir", dir.toString()).status()).isEqualTo(RockwalCli.USAGE);
    }

    @Test
    void aPayloadThatDoesNotDecodeIsPrintedInHexWithStatusThree() throws Exception {
        try (RawRocks raw = RawRocks.open(dir)) {
            raw.put("wal:pots", RawRocks.key(8), RawRocks.value(1, 8, 1, ToolFixtures.bytes(7, 7)));
        }
        CliRun run = get("8");
        assertThat(run.status()).isEqualTo(RockwalCli.FAILED);
        JsonObject entry = ToolFixtures.parse(run.out());
        assertThat(entry.get("payload").getAsString()).isEqualTo("0707");
        assertThat(entry.get("error").getAsString()).isNotEmpty();
        assertThat(run.err().lines()).hasSize(1).first().asString().contains("LSN 8");
    }

    @Test
    void aDamagedEntryIsStatusThreeWithOneLineAndAStackTraceOnlyWhenVerbose() throws Exception {
        try (RawRocks raw = RawRocks.open(dir)) {
            raw.put("wal:pots", RawRocks.key(8), RawRocks.value(0, 8, 1, new byte[0]));
        }
        CliRun run = get("8");
        assertThat(run.status()).isEqualTo(RockwalCli.FAILED);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines())
                .hasSize(1)
                .first()
                .asString()
                .startsWith("rockwal get: corrupted event log")
                .contains("wal:pots", "LSN 8");
        CliRun verbose = get("8", "--verbose");
        assertThat(verbose.status()).isEqualTo(RockwalCli.FAILED);
        assertThat(verbose.err()).contains("at io.rockwal.rocks.");
    }
}
