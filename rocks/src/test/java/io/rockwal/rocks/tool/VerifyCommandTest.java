package io.rockwal.rocks.tool;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockwal.events.StandardEvents;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rockwal verify} on stores damaged with raw RocksDB writes: every planted problem is reported on
 * its own line with its column family and LSN, nothing else is, and the exit status says so.
 */
class VerifyCommandTest {

    @TempDir
    Path dir;

    private CliRun verify() {
        return CliRun.of("verify", "--dir", dir.toString());
    }

    private static List<String> problems(CliRun run) {
        return Arrays.stream(run.lines())
                .filter(line -> line.startsWith("problem: "))
                .toList();
    }

    private static byte[] valid(int codecId, io.rockwal.core.Event event) {
        return RawRocks.value(
                1, codecId, 1, StandardEvents.catalog().encode(event).payload());
    }

    @Test
    void aCleanStoreIsStatusZero() {
        ToolFixtures.writeStore(dir, 3);
        CliRun run = verify();
        assertThat(run.status()).isEqualTo(RockwalCli.OK);
        assertThat(run.lines()).hasSize(1);
        assertThat(run.out()).startsWith("clean: no problem (LSNs 1..24 retained, 24 entries in 7 types");
    }

    @Test
    void everyPlantedProblemIsReportedOnceAndTheWalkGoesOnAfterEach() throws Exception {
        ToolFixtures.writeStore(dir, 3);
        byte[] keyBetween10And11 = Arrays.copyOf(RawRocks.key(10), 9);
        keyBetween10And11[8] = 1;
        try (RawRocks raw = RawRocks.open(dir)) {
            raw.put("wal:accountsync", RawRocks.key(5), RawRocks.value(0, 5, 1, new byte[0]));
            raw.put("wal:pots", RawRocks.key(8), RawRocks.value(1, 8, 1, ToolFixtures.bytes(0xff)));
            raw.delete("wal:datasync", RawRocks.key(12));
            raw.put("wal:headersync", RawRocks.key(16), valid(1, ToolFixtures.header(7)));
            raw.put("wal:pots", keyBetween10And11, valid(8, ToolFixtures.block(7)));
            raw.put("wal:datasync", RawRocks.key(20), new byte[] {(byte) 0xc1, 4, 1, 1, 1, 1, 1});
            raw.put("wal:pots", RawRocks.key(24), RawRocks.value(1, 8, 1, ToolFixtures.bytes(0x01, 0x02)));
            raw.put(RawRocks.META, RawRocks.stateKey(), RawRocks.state(27, 1, 1));
        }
        CliRun run = verify();
        assertThat(run.status()).isEqualTo(RockwalCli.FAILED);
        List<String> problems = problems(run);
        assertThat(problems).hasSize(8);
        assertThat(problems)
                .anySatisfy(line -> assertThat(line)
                        .startsWith("problem: wal:accountsync LSN 5: ")
                        .contains("operation code 0"));
        assertThat(problems)
                .anySatisfy(line ->
                        assertThat(line).startsWith("problem: wal:pots LSN 8: ").contains("payload does not decode"));
        assertThat(problems)
                .anySatisfy(line -> assertThat(line)
                        .startsWith("problem: - LSN 12: ")
                        .contains("LSN 12 is flushed and not truncated, yet no type holds it"));
        assertThat(problems)
                .anySatisfy(line -> assertThat(line).contains("LSN 16: ").contains("also stored under"));
        assertThat(problems)
                .anySatisfy(
                        line -> assertThat(line).startsWith("problem: wal:pots key 000000000000000a01 (9 bytes): "));
        assertThat(problems)
                .anySatisfy(line -> assertThat(line)
                        .startsWith("problem: wal:datasync LSN 20: ")
                        .contains("format version 3"));
        assertThat(problems).anySatisfy(line -> assertThat(line).startsWith("problem: wal:pots LSN 24: "));
        assertThat(problems)
                .anySatisfy(line -> assertThat(line)
                        .startsWith("problem: - LSN 25: ")
                        .contains("LSNs 25..27 (3) are", "last flushed LSN is 27"));
        assertThat(run.lines()[run.lines().length - 1]).startsWith("damaged: 8 problems (LSNs 1..27 retained");
    }

    @Test
    void aKeyShorterThanEightBytesIsReportedAndTheTypeIsStillCheckedAfterIt() throws Exception {
        ToolFixtures.writeStore(dir, 38);
        byte[] keyBetween255And256 = {0, 0, 0, 0, 0, 0, 1};
        try (RawRocks raw = RawRocks.open(dir)) {
            raw.put("wal:pots", keyBetween255And256, valid(8, ToolFixtures.block(1)));
            raw.put("wal:pots", RawRocks.key(296), RawRocks.value(1, 8, 1, new byte[0]));
        }
        List<String> problems = problems(verify());
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).startsWith("problem: wal:pots key 00000000000001 (7 bytes): ");
        assertThat(problems.get(1)).startsWith("problem: wal:pots LSN 296: ");
    }

    @Test
    void entriesOfATypeTheCatalogueDoesNotKnowAreANoteNotAProblem() throws Exception {
        ToolFixtures.writeStore(dir, 1);
        try (RawRocks raw = RawRocks.open(dir, "wal:custom")) {
            raw.delete("wal:priorsync", RawRocks.key(3));
            raw.put("wal:custom", RawRocks.key(3), RawRocks.value(4, 1000, 1, ToolFixtures.bytes(42)));
        }
        CliRun run = verify();
        assertThat(run.status()).isEqualTo(RockwalCli.OK);
        assertThat(problems(run)).isEmpty();
        assertThat(run.out())
                .contains("note: wal:custom (codec 1000): 1 entry not decodable, unknown type")
                .contains("8 entries in 8 types");
    }

    @Test
    void aStoreWhoseFirstEntriesAreMissingIsReportedAgainstTheMetadata() throws Exception {
        ToolFixtures.writeStore(dir, 1);
        try (RawRocks raw = RawRocks.open(dir)) {
            raw.delete("wal:headersync", RawRocks.key(1));
            raw.delete("wal:merklesync", RawRocks.key(2));
        }
        List<String> problems = problems(verify());
        assertThat(problems)
                .containsExactly("problem: - LSN 1: LSNs 1..2 (2) are flushed and not truncated, yet no type"
                        + " holds them; the metadata's first retained LSN is 1");
    }
}
