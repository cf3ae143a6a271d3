package io.rockwal.rocks.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rockwal replay}: JSON Lines in LSN order, filters, limits and exit status. */
class ReplayCommandTest {

    @TempDir
    Path dir;

    @BeforeEach
    void twoRoundsOfEveryKind() {
        ToolFixtures.writeStore(dir, 2);
    }

    private CliRun replay(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "replay";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--dir";
        all[args.length + 2] = dir.toString();
        return CliRun.of(all);
    }

    private static List<Long> lsns(CliRun run) {
        return Arrays.stream(run.lines())
                .map(line -> ToolFixtures.parse(line).get("lsn").getAsLong())
                .toList();
    }

    @Test
    void printsEveryEntryInLsnOrderOnePerLine() {
        CliRun run = replay();
        assertThat(run.status()).isEqualTo(RockwalCli.OK);
        assertThat(run.err()).isEmpty();
        assertThat(lsns(run)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L);
        assertThat(run.lines())
                .allSatisfy(line ->
                        assertThat(ToolFixtures.parse(line).has("event")).isTrue());
    }

    @Test
    void aTypeFilterKeepsOnlyThatType() {
        CliRun run = replay("--type", "reconciliation");
        assertThat(lsns(run)).containsExactly(6L, 7L, 14L, 15L);
        assertThat(run.lines())
                .allSatisfy(
                        line -> assertThat(ToolFixtures.parse(line).get("type").getAsString())
                                .isEqualTo("wal:reconciliation"));
    }

    @Test
    void fromAndLimitSelectARange() {
        assertThat(lsns(replay("--from", "10", "--limit", "3"))).containsExactly(10L, 11L, 12L);
        assertThat(lsns(replay("--type", "pots", "--from", "9"))).containsExactly(16L);
    }

    @Test
    void nothingToPrintIsNotFound() {
        assertThat(replay("--limit", "0").status()).isEqualTo(RockwalCli.NOT_FOUND);
        assertThat(replay("--from", "17").status()).isEqualTo(RockwalCli.NOT_FOUND);
        CliRun unknown = replay("--type", "peer:score");
        assertThat(unknown.status()).isEqualTo(RockwalCli.NOT_FOUND);
        assertThat(unknown.err()).contains("no type peer:score");
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertThat(replay("--from", "0").status()).isEqualTo(RockwalCli.USAGE);
        assertThat(replay("--limit", "-1").status()).isEqualTo(RockwalCli.USAGE);
        assertThat(replay("--type", "").status()).isEqualTo(RockwalCli.USAGE);
    }

    @Test
    void rawPrintsPayloadsInHex() {
        CliRun run = replay("--raw", "--limit", "2");
        assertThat(run.lines()).hasSize(2).allSatisfy(line -> {
            assertThat(ToolFixtures.parse(line).has("payload")).isTrue();
            assertThat(ToolFixtures.parse(line).has("event")).isFalse();
        });
    }

    @Test
    void anUndecodablePayloadIsPrintedAndTheReplayGoesOnWithStatusThree() throws Exception {
        try (RawRocks raw = RawRocks.open(dir)) {
            raw.put("wal:pots", RawRocks.key(8), RawRocks.value(1, 8, 1, ToolFixtures.bytes(1)));
        }
        CliRun run = replay();
        assertThat(run.status()).isEqualTo(RockwalCli.FAILED);
        assertThat(run.lines()).hasSize(16);
        assertThat(ToolFixtures.parse(run.lines()[7]).get("error").getAsString())
                .isNotEmpty();
        assertThat(run.err().lines()).hasSize(1).first().asString().contains("LSN 8");
    }

    @Test
    void aDamagedEntryStopsTheReplayAfterWhatCameBefore() throws Exception {
        try (RawRocks raw = RawRocks.open(dir)) {
            raw.put("wal:accountsync", RawRocks.key(5), RawRocks.value(9, 5, 1, new byte[0]));
        }
        CliRun run = replay();
        assertThat(run.status()).isEqualTo(RockwalCli.FAILED);
        assertThat(lsns(run)).containsExactly(1L, 2L, 3L, 4L);
        assertThat(run.err().lines()).hasSize(1).first().asString().contains("LSN 5");
    }
}
