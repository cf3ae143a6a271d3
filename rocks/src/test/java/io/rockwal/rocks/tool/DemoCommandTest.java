package io.rockwal.rocks.tool;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.rockwal.core.WalType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rockwal demo}: a store with every type that passes verify, appends, and what it refuses. */
class DemoCommandTest {

    private static final Pattern SUMMARY = Pattern.compile("LSNs (\\d+)\\.\\.(\\d+), blocks (\\d+)\\.\\.(\\d+)");

    @TempDir
    Path dir;

    @Test
    void writesEveryTypeAndTheStoreIsClean() {
        Path store = dir.resolve("demo");
        CliRun demo = CliRun.of("demo", "--dir", store.toString(), "--events", "40");
        assertThat(demo.status()).isEqualTo(RockwalCli.OK);
        assertThat(demo.out()).contains("a new store", "checkpoints at LSN", "rockwal stats --dir " + store);
        assertThat(CliRun.of("verify", "--dir", store.toString()).status()).isEqualTo(RockwalCli.OK);

        JsonObject stats = ToolFixtures.parse(
                CliRun.of("stats", "--json", "--dir", store.toString()).out());
        for (JsonElement type : stats.getAsJsonArray("types")) {
            assertThat(type.getAsJsonObject().get("entries").getAsLong())
                    .as(type.toString())
                    .isPositive();
        }
        assertThat(stats.getAsJsonArray("checkpoints")).hasSize(4);

        JsonObject batch = ToolFixtures.parse(
                CliRun.of("replay", "--type", "reconciliation", "--limit", "1", "--dir", store.toString())
                        .out());
        assertThat(batch.getAsJsonObject("event").get("accountCount").getAsInt())
                .isEqualTo(DemoSession.BATCH_ACCOUNTS);
        JsonObject block = ToolFixtures.parse(
                CliRun.of("last", "--type", "pots", "--dir", store.toString()).out());
        assertThat(block.getAsJsonObject("event")
                        .getAsJsonObject("blockDataJson")
                        .get("block_hash")
                        .getAsString())
                .startsWith("0x");
        for (WalType type : WalType.standardTypes()) {
            assertThat(CliRun.of("last", "--type", type.name(), "--dir", store.toString())
                            .status())
                    .isZero();
        }
    }

    @Test
    void appendsToAStoreAndContinuesItsChain() {
        Path store = dir.resolve("demo");
        Matcher first = SUMMARY.matcher(
                CliRun.of("demo", "--dir", store.toString(), "--events", "12").out());
        CliRun again = CliRun.of("demo", "--dir", store.toString(), "--events", "12");
        Matcher second = SUMMARY.matcher(again.out());
        assertThat(first.find()).isTrue();
        assertThat(second.find()).isTrue();
        assertThat(again.out()).contains("appended to the store");
        assertThat(Long.parseLong(second.group(1))).isEqualTo(Long.parseLong(first.group(2)) + 1);
        assertThat(Long.parseLong(second.group(3))).isEqualTo(Long.parseLong(first.group(4)) + 1);

        JsonObject prior = ToolFixtures.parse(
                CliRun.of("get", second.group(1), "--dir", store.toString()).out());
        JsonObject lastBlock = ToolFixtures.parse(
                CliRun.of("get", first.group(2), "--dir", store.toString()).out());
        assertThat(prior.getAsJsonObject("event")
                        .getAsJsonObject("priorsync")
                        .get("blockhash")
                        .getAsString())
                .as("the new session starts on the hash of the last block written before")
                .isEqualTo(lastBlock
                        .getAsJsonObject("event")
                        .getAsJsonObject("blockDataJson")
                        .get("block_hash")
                        .getAsString()
                        .substring(2));
        assertThat(CliRun.of("verify", "--dir", store.toString()).status()).isEqualTo(RockwalCli.OK);
    }

    @Test
    void refusesANonEmptyDirectoryThatIsNotAStoreAndLeavesItAlone() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "mine");
        CliRun run = CliRun.of("demo", "--dir", dir.toString());
        assertThat(run.status()).isEqualTo(RockwalCli.USAGE);
        assertThat(run.err().lines()).hasSize(1).first().asString().contains("holds no rockwal store");
        try (var files = Files.list(dir)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly("notes.txt");
        }
    }

    @Test
    void tooFewEventsOrAFileAreUsageErrors() throws Exception {
        assertThat(CliRun.of("demo", "--dir", dir.resolve("x").toString(), "--events", "11")
                        .status())
                .isEqualTo(RockwalCli.USAGE);
        Path file = Files.writeString(dir.resolve("file"), "");
        assertThat(CliRun.of("demo", "--dir", file.toString()).status()).isEqualTo(RockwalCli.USAGE);
    }
}
