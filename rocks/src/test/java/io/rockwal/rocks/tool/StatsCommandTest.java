package io.rockwal.rocks.tool;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.rockwal.rocks.RocksEventLog;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rockwal stats}: the table and the JSON object. */
class StatsCommandTest {

    @TempDir
    Path dir;

    @Test
    void theJsonObjectCountsEveryTypeAndTheDisk() {
        ToolFixtures.writeStore(dir, 2);
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            log.truncateBefore(3);
            log.write(ToolFixtures.block(200));
            log.createCheckpoint();
        }
        CliRun run = CliRun.of("stats", "--json", "--dir", dir.toString());
        assertThat(run.status()).isEqualTo(RockwalCli.OK);
        JsonObject stats = ToolFixtures.parse(run.out());
        assertThat(stats.get("mode").getAsString()).isEqualTo("read-only");
        assertThat(stats.get("formatVersion").getAsInt()).isEqualTo(2);
        assertThat(stats.get("firstRetainedLsn").getAsLong()).isEqualTo(3);
        assertThat(stats.get("lastFlushedLsn").getAsLong()).isEqualTo(17);
        assertThat(stats.get("retainedEntries").getAsLong()).isEqualTo(15);
        assertThat(stats.getAsJsonArray("checkpoints").get(0).getAsLong()).isEqualTo(17);
        assertThat(stats.getAsJsonObject("lastUpdated").get("epochMillis").getAsLong())
                .isPositive();
        Map<String, Long> entries = new HashMap<>();
        for (JsonElement type : stats.getAsJsonArray("types")) {
            JsonObject row = type.getAsJsonObject();
            entries.put(row.get("type").getAsString(), row.get("entries").getAsLong());
            assertThat(row.get("approximateBytes").getAsLong()).isNotNegative();
        }
        assertThat(entries)
                .containsEntry("wal:headersync", 1L)
                .containsEntry("wal:merklesync", 1L)
                .containsEntry("wal:reconciliation", 4L)
                .containsEntry("wal:pots", 3L);
        assertThat(stats.getAsJsonObject("total").get("entries").getAsLong()).isEqualTo(15);
        assertThat(stats.getAsJsonObject("total").get("approximateBytes").getAsLong())
                .as("the closed store's tables hold its entries")
                .isPositive();
        JsonObject disk = stats.getAsJsonObject("disk");
        assertThat(disk.get("bytes").getAsLong())
                .isPositive()
                .isEqualTo(disk.get("sstBytes").getAsLong()
                        + disk.get("walBytes").getAsLong()
                        + disk.get("otherBytes").getAsLong());
        assertThat(disk.get("sstFiles").getAsLong()).isPositive();
        assertThat(stats.getAsJsonArray("foreignColumnFamilies")).isEmpty();
        JsonObject rocksdb = stats.getAsJsonObject("rocksdb");
        assertThat(rocksdb.get("backgroundErrors").getAsLong()).isZero();
        assertThat(rocksdb.get("estimatedLiveDataBytes").getAsLong()).isPositive();
        JsonObject families = rocksdb.getAsJsonObject("columnFamilies");
        assertThat(families.keySet()).contains("wal:pots", "wal:reconciliation", "rockwal:keys", "rockwal:meta");
        JsonObject pots = families.getAsJsonObject("wal:pots");
        assertThat(pots.get("sstBytes").getAsLong())
                .as("the closed store flushed its memtables")
                .isPositive();
        assertThat(pots.get("level0Files").getAsLong()).isNotNegative();
        assertThat(pots.get("estimatedKeys").getAsLong()).isPositive();
    }

    @Test
    void theTableShowsEveryTypeAndTheTotals() {
        ToolFixtures.writeStore(dir, 1);
        CliRun run = CliRun.of("stats", "--dir", dir.toString());
        assertThat(run.status()).isEqualTo(RockwalCli.OK);
        assertThat(run.out())
                .contains(
                        "format version    2",
                        "1..8 (8 entries)",
                        "checkpoints       none",
                        "disk usage",
                        "SST",
                        "WAL",
                        "foreign families  none");
        assertThat(run.out())
                .containsPattern("wal:reconciliation +2 ")
                .containsPattern("(?m)^total +8 ")
                .containsPattern("(?m)^column family +L0 files +SST +live data +compaction +~keys +memtables$")
                .containsPattern("(?m)^wal:reconciliation +\\d+ +\\S+ ")
                .containsPattern("(?m)^rockwal:meta +")
                .contains("rocksdb memory", "rocksdb work", "0 background errors");
    }

    /** Stats reads no values (damaged values are verify's to find), but a damaged key at a type's end stops its seek. */
    @Test
    void aTypeWhoseSeekMeetsDamageIsStatusThree() throws Exception {
        ToolFixtures.writeStore(dir, 2);
        byte[] keyAfterTheLast = java.util.Arrays.copyOf(RawRocks.key(16), 9);
        keyAfterTheLast[8] = 1;
        try (RawRocks raw = RawRocks.open(dir)) {
            raw.put("wal:pots", keyAfterTheLast, RawRocks.value(1, 8, 1, new byte[0]));
        }
        CliRun run = CliRun.of("stats", "--json", "--dir", dir.toString());
        assertThat(run.status()).as(run.err()).isEqualTo(RockwalCli.FAILED);
        assertThat(run.out()).as(run.err()).isNotEmpty();
        assertThat(run.err().lines()).hasSize(1).first().asString().contains("wal:pots");
        assertThat(ToolFixtures.parse(run.out()).getAsJsonArray("types").toString())
                .contains("\"error\"");
    }
}
