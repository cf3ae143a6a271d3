package io.rockwal.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.rockwal.core.Event;
import io.rockwal.core.LsnMetadata;
import io.rockwal.core.WalEntry;
import io.rockwal.events.EventFactory;
import io.rockwal.events.PoTSBlockEvent;
import io.rockwal.events.ReconciliationBatchEntry;
import io.rockwal.events.ReconciliationBatchEvent;
import io.rockwal.events.ReconciliationEvent;
import io.rockwal.rocks.RocksEventLog;
import io.rockwal.rocks.goimport.GoImportReport;
import io.rockwal.rocks.goimport.GoWalException;
import io.rockwal.rocks.goimport.GoWalImport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Go importer over the real log directories the original Go code wrote ({@code go-wal/} under the
 * test resources, with {@code expected.jsonl} and {@code expected-meta.json} saying what a correct
 * importer reads from each): every expected line matched by the imported store, the damaged logs
 * repaired or refused as their metadata says, the Go directory byte for byte unchanged (it is made
 * read-only before the import, so a write would fail too).
 */
class GoWalImportIT {

    static final Path FIXTURES = Path.of("src", "test", "resources", "go-wal").toAbsolutePath();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"basic", "truncated", "crashed", "torn-tail"})
    void everyExpectedEntryIsInTheStoreWithItsLsnOperationTimestampAndPayload(String fixture) throws Exception {
        Path wal = GoLogs.readOnlyCopy(FIXTURES.resolve(fixture).resolve("wal"), dir.resolve(fixture));
        Map<String, byte[]> before = GoLogs.contents(wal);
        JsonObject meta = JsonParser.parseString(
                        Files.readString(FIXTURES.resolve(fixture).resolve("expected-meta.json")))
                .getAsJsonObject();
        Path store = dir.resolve("store");

        GoImportReport report = GoWalImport.from(wal).into(store);

        assertThat(GoLogs.contents(wal))
                .as("the Go directory after the import")
                .containsExactlyInAnyOrderEntriesOf(before);
        long first = meta.get("first_lsn").getAsLong();
        long last = meta.get("last_lsn").getAsLong();
        assertThat(report.firstLsn()).isEqualTo(first);
        assertThat(report.lastLsn()).isEqualTo(last);
        assertThat(report.imported()).isEqualTo(meta.get("entry_count").getAsLong());
        Map<String, Long> classes = new TreeMap<>();
        meta.getAsJsonObject("event_class_counts")
                .entrySet()
                .forEach(e -> classes.put(e.getKey(), e.getValue().getAsLong()));
        assertThat(report.entriesByClass()).isEqualTo(classes);
        List<Long> checkpoints = new ArrayList<>();
        meta.getAsJsonArray("checkpoints").forEach(c -> checkpoints.add(c.getAsLong()));
        assertThat(report.checkpoints()).isEqualTo(checkpoints);

        List<String> lines = Files.readAllLines(FIXTURES.resolve(fixture).resolve("expected.jsonl"));
        try (RocksEventLog log = RocksEventLog.open(store, 0)) {
            LsnMetadata state = log.metadata();
            assertThat(state.firstRetainedLsn()).isEqualTo(first);
            assertThat(state.lastFlushedLsn()).isEqualTo(last);
            assertThat(state.retainedCount()).isEqualTo(lines.size());
            assertThat(log.checkpoints()).isEqualTo(checkpoints);
            for (String line : lines) {
                checkEntry(log, JsonParser.parseString(line).getAsJsonObject());
            }
            if (first > 1) {
                assertThat(log.get(first - 1)).isEmpty();
            }
            assertThat(log.write(new PoTSBlockEvent(io.rockwal.core.Operation.APPEND, 1, new byte[] {1}, 0)))
                    .as("the next LSN comes from the log")
                    .isEqualTo(last + 1);
        }
    }

    private static void checkEntry(RocksEventLog log, JsonObject expected) throws NoSuchAlgorithmException {
        long lsn = expected.get("lsn").getAsLong();
        WalEntry entry = log.get(lsn).orElseThrow(() -> new AssertionError("LSN " + lsn + " is not in the store"));
        String at = "LSN " + lsn;
        assertThat(entry.type().name()).as(at).isEqualTo(expected.get("type").getAsString());
        assertThat(entry.operation().wireName())
                .as(at)
                .isEqualTo(expected.get("operation").getAsString());
        assertThat(entry.timestampMillis())
                .as(at + " timestamp (ms)")
                .isEqualTo(expected.get("timestamp").getAsLong() * 1000);
        Event event = EventFactory.decode(entry);
        assertThat(event.getClass().getSimpleName())
                .as(at)
                .isEqualTo(expected.get("event_class").getAsString());
        assertThat(sha256(canonicalBytes(entry, event)))
                .as(at + " payload digest")
                .isEqualTo(expected.get("payload_sha256").getAsString());
        JsonObject fields = expected.getAsJsonObject("fields");
        if (event instanceof ReconciliationEvent single) {
            assertThat(single.accountAddress())
                    .as(at)
                    .isEqualTo(fields.get("account_address").getAsString());
            assertThat(single.oldBalance())
                    .as(at)
                    .isEqualTo(fields.get("old_balance").getAsString());
            assertThat(single.newBalance())
                    .as(at)
                    .isEqualTo(fields.get("new_balance").getAsString());
            assertThat(Long.toUnsignedString(single.nonce()))
                    .as(at)
                    .isEqualTo(fields.get("nonce").getAsString());
            assertThat(single.timestamp())
                    .as(at)
                    .isEqualTo(fields.get("timestamp").getAsLong());
        } else if (event instanceof ReconciliationBatchEvent batch) {
            assertThat(batch.accounts())
                    .as(at)
                    .hasSize(fields.get("account_count").getAsInt());
            assertThat(batch.timestamp())
                    .as(at)
                    .isEqualTo(fields.get("timestamp").getAsLong());
            checkAccount(batch.accounts().get(0), fields.getAsJsonObject("first"), at);
            checkAccount(batch.accounts().get(batch.accounts().size() - 1), fields.getAsJsonObject("last"), at);
        } else if (event instanceof PoTSBlockEvent block) {
            assertThat(Long.toUnsignedString(block.blockNumber()))
                    .as(at)
                    .isEqualTo(fields.get("block_number").getAsString());
            assertThat(block.timestamp())
                    .as(at)
                    .isEqualTo(fields.get("timestamp").getAsLong());
            assertThat(block.blockDataSize())
                    .as(at)
                    .isEqualTo(fields.get("block_data_len").getAsInt());
        }
    }

    private static void checkAccount(ReconciliationBatchEntry account, JsonObject expected, String at) {
        assertThat(account.accountAddress()).as(at).isEqualTo(expected.get("a").getAsString());
        assertThat(account.newBalance()).as(at).isEqualTo(expected.get("b").getAsString());
        assertThat(Long.toUnsignedString(account.nonce()))
                .as(at)
                .isEqualTo(expected.get("n").getAsString());
    }

    /** The bytes behind {@code payload_sha256}, as the fixtures' README defines them per class. */
    private static byte[] canonicalBytes(WalEntry entry, Event event) {
        if (event instanceof ReconciliationEvent single) {
            return (single.accountAddress() + "\n" + single.oldBalance() + "\n" + single.newBalance() + "\n"
                            + Long.toUnsignedString(single.nonce()) + "\n" + single.timestamp() + "\n")
                    .getBytes(StandardCharsets.UTF_8);
        }
        if (event instanceof ReconciliationBatchEvent batch) {
            StringBuilder text = new StringBuilder().append(batch.timestamp()).append('\n');
            for (ReconciliationBatchEntry account : batch.accounts()) {
                text.append(account.accountAddress())
                        .append('\t')
                        .append(account.newBalance())
                        .append('\t')
                        .append(Long.toUnsignedString(account.nonce()))
                        .append('\n');
            }
            return text.toString().getBytes(StandardCharsets.UTF_8);
        }
        if (event instanceof PoTSBlockEvent block) {
            return block.blockData();
        }
        return entry.payload(); // the five protobuf events: the stored payload is the protobuf bytes
    }

    static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void aTornLastRecordIsLeftOutAndReportedWhereItIs() throws IOException {
        Path wal = GoLogs.readOnlyCopy(FIXTURES.resolve("torn-tail").resolve("wal"), dir.resolve("torn"));
        GoImportReport report = GoWalImport.from(wal).into(dir.resolve("store"));
        GoImportReport.TornRecord torn = report.torn();
        assertThat(torn).isNotNull();
        assertThat(torn.segment().getFileName().toString()).isEqualTo("00000000000000000001");
        assertThat(torn.offset()).isEqualTo(1419540);
        assertThat(torn.bytesPresent()).isEqualTo(1306);
        assertThat(torn.declaredLength()).isEqualTo(2610);
        assertThat(torn.lsn()).isEqualTo(594);
        assertThat(report.metadataFile()).contains("last_flushed_lsn 594").contains("last whole entry is 593");
    }

    @Test
    void strictModeRefusesATornTailAndCreatesNoStore() throws IOException {
        Path wal = GoLogs.readOnlyCopy(FIXTURES.resolve("torn-tail").resolve("wal"), dir.resolve("torn"));
        Path store = dir.resolve("store");
        assertThatThrownBy(() -> GoWalImport.from(wal).strict(true).into(store))
                .isInstanceOfSatisfying(GoWalException.class, e -> {
                    assertThat(e.lsn()).isEqualTo(594);
                    assertThat(e.offset()).isEqualTo(1419540);
                    assertThat(e.file().getFileName().toString()).isEqualTo("00000000000000000001");
                })
                .hasMessageContaining("torn")
                .hasMessageContaining("strict");
        assertThat(store).doesNotExist();
    }

    @Test
    void aLogLeftByACrashTakesItsNextLsnFromTheLogAndSaysHowTheMetadataLagged() throws IOException {
        Path wal = GoLogs.readOnlyCopy(FIXTURES.resolve("crashed").resolve("wal"), dir.resolve("crashed"));
        GoImportReport report = GoWalImport.from(wal).into(dir.resolve("store"));
        assertThat(report.lastLsn()).isEqualTo(397);
        assertThat(report.torn()).isNull();
        assertThat(report.metadataFile())
                .contains("last_flushed_lsn 379")
                .contains("18 entries past the metadata")
                .contains("next LSN is 398");
    }

    @Test
    void importingAgainChecksWhatTheStoreHoldsAndContinuesAfterIt() throws IOException {
        Path store = dir.resolve("store");
        Path torn = GoLogs.readOnlyCopy(FIXTURES.resolve("torn-tail").resolve("wal"), dir.resolve("torn"));
        Path basic = GoLogs.readOnlyCopy(FIXTURES.resolve("basic").resolve("wal"), dir.resolve("basic"));
        assertThat(GoWalImport.from(torn).into(store).imported()).isEqualTo(593);

        GoImportReport again = GoWalImport.from(basic).into(store);
        assertThat(again.alreadyInStore()).isEqualTo(593);
        assertThat(again.imported()).isEqualTo(1);
        assertThat(again.lastLsn()).isEqualTo(594);

        GoImportReport nothingNew = GoWalImport.from(basic).into(store);
        assertThat(nothingNew.imported()).isZero();
        assertThat(nothingNew.checkpoints()).containsExactly(41L, 239L, 285L, 305L, 437L, 554L);
    }

    @Test
    void aStoreHoldingAnotherLogIsRefusedAndKeepsWhatItHolds() throws IOException {
        Path store = dir.resolve("store");
        Path crashed = GoLogs.readOnlyCopy(FIXTURES.resolve("crashed").resolve("wal"), dir.resolve("crashed"));
        Path basic = GoLogs.readOnlyCopy(FIXTURES.resolve("basic").resolve("wal"), dir.resolve("basic"));
        Path truncated = GoLogs.readOnlyCopy(FIXTURES.resolve("truncated").resolve("wal"), dir.resolve("truncated"));
        GoWalImport.from(crashed).into(store);

        assertThatThrownBy(() -> GoWalImport.from(basic).into(store))
                .isInstanceOfSatisfying(
                        GoWalException.class, e -> assertThat(e.lsn()).isEqualTo(1))
                .hasMessageContaining("holds another log")
                .hasMessageContaining("the store " + store + " is as it was");
        assertThatThrownBy(() -> GoWalImport.from(truncated).into(store))
                .isInstanceOf(GoWalException.class)
                .hasMessageContaining("ends at LSN 397 and the Go log starts at 517");
        try (RocksEventLog log = RocksEventLog.open(store, 0)) {
            assertThat(log.metadata().lastFlushedLsn()).isEqualTo(397);
            assertThat(log.metadata().firstRetainedLsn()).isEqualTo(1);
        }
    }

    @Test
    void aDirectoryThatIsNotAGoLogIsRefusedNamingIt() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> GoWalImport.from(empty).into(dir.resolve("store")))
                .isInstanceOf(GoWalException.class)
                .hasMessageContaining("not a Go log directory")
                .hasMessageContaining("no segment file");
        Path parent = dir.resolve("fixture");
        GoLogs.readOnlyCopy(FIXTURES.resolve("basic").resolve("wal"), parent.resolve("wal"));
        assertThatThrownBy(() -> GoWalImport.from(parent).into(dir.resolve("store")))
                .isInstanceOf(GoWalException.class)
                .hasMessageContaining("did you mean " + parent.resolve("wal"));
        Path stranger = Files.createDirectories(dir.resolve("stranger"));
        Files.write(stranger.resolve("00000000000000000001"), GoLogs.frame("{}".getBytes(StandardCharsets.UTF_8)));
        Files.writeString(stranger.resolve("notes.txt"), "hello");
        assertThatThrownBy(() -> GoWalImport.from(stranger).into(dir.resolve("store")))
                .isInstanceOf(GoWalException.class)
                .hasMessageContaining("notes.txt");
        assertThat(dir.resolve("store")).doesNotExist();
    }

    @Test
    void segmentsWithAGapOrAnOverlapAreRefusedBeforeAnythingIsWritten() throws IOException {
        byte[] segment =
                Files.readAllBytes(FIXTURES.resolve("basic").resolve("wal").resolve("00000000000000000001"));
        Path gap = Files.createDirectories(dir.resolve("gap"));
        Files.write(gap.resolve("00000000000000000001"), segment);
        Files.write(gap.resolve("00000000000000000700"), GoLogs.renumbered(segment, 700));
        assertThatThrownBy(() -> GoWalImport.from(gap).into(dir.resolve("store")))
                .isInstanceOfSatisfying(GoWalException.class, e -> {
                    assertThat(e.lsn()).isEqualTo(700);
                    assertThat(e.file().getFileName().toString()).isEqualTo("00000000000000000700");
                })
                .hasMessageContaining("LSNs 595 to 699 are missing");
        Path overlap = Files.createDirectories(dir.resolve("overlap"));
        Files.write(overlap.resolve("00000000000000000001"), segment);
        Files.write(overlap.resolve("00000000000000000500"), GoLogs.renumbered(segment, 500));
        assertThatThrownBy(() -> GoWalImport.from(overlap).into(dir.resolve("store")))
                .isInstanceOf(GoWalException.class)
                .hasMessageContaining("segments overlap")
                .hasMessageContaining("up to 594");
        assertThat(dir.resolve("store")).doesNotExist();
    }

    @Test
    void garbageInsideAValidFrameIsRefusedWithItsOffsetAndTheNewStoreRemoved() throws IOException {
        List<byte[]> records =
                GoLogs.records(FIXTURES.resolve("basic").resolve("wal").resolve("00000000000000000001"));
        byte[] damaged = records.get(9).clone();
        damaged[damaged.length / 2] = '}';
        records.set(9, damaged);
        Path wal = GoLogs.write(dir.resolve("garbage"), 1, records);
        Path store = dir.resolve("store");
        assertThatThrownBy(() -> GoWalImport.from(wal).into(store))
                .isInstanceOfSatisfying(GoWalException.class, e -> {
                    assertThat(e.lsn()).isEqualTo(10);
                    assertThat(e.offset()).isEqualTo(GoLogs.offsetOf(records, 9));
                })
                .hasMessageContaining("LSN 10")
                .hasMessageContaining("new store " + store + " was removed");
        assertThat(store).doesNotExist();
    }

    @Test
    void aZeroLengthRecordBeforeTheTailIsRefused() throws IOException {
        List<byte[]> records =
                GoLogs.records(FIXTURES.resolve("basic").resolve("wal").resolve("00000000000000000001"));
        records.set(4, new byte[0]);
        Path wal = GoLogs.write(dir.resolve("zero"), 1, records);
        assertThatThrownBy(() -> GoWalImport.from(wal).into(dir.resolve("store")))
                .isInstanceOfSatisfying(
                        GoWalException.class, e -> assertThat(e.lsn()).isEqualTo(5))
                .hasMessageContaining("zero-length record");
    }

    @Test
    void aProtobufPayloadThatDoesNotParseIsRefusedNamingTheMessage() throws IOException {
        byte[] bad = GoLogs.envelope(
                "wal:headersync",
                1,
                1796162552,
                "{\"type\":\"wal:headersync\",\"lsn\":0,\"operation\":\"APPEND\",\"proto_data\":\""
                        + java.util.Base64.getEncoder().encodeToString(new byte[] {(byte) 0x0a, (byte) 0xff, 1})
                        + "\"}");
        Path wal = GoLogs.write(dir.resolve("proto"), 1, List.of(bad));
        assertThatThrownBy(() -> GoWalImport.from(wal).into(dir.resolve("store")))
                .isInstanceOfSatisfying(
                        GoWalException.class, e -> assertThat(e.lsn()).isEqualTo(1))
                .hasMessageContaining("does not parse as headersync.HeaderSyncResponse");
    }

    @Test
    void anUnknownEventTypeIsRefusedNamingItsLsnAndType() throws IOException {
        List<byte[]> records = new ArrayList<>(
                GoLogs.records(FIXTURES.resolve("basic").resolve("wal").resolve("00000000000000000001"))
                        .subList(0, 2));
        records.add(GoLogs.envelope(
                "wal:mempool", 3, 1796162552, "{\"type\":\"wal:mempool\",\"lsn\":0,\"operation\":\"APPEND\"}"));
        Path wal = GoLogs.write(dir.resolve("unknown"), 1, records);
        assertThatThrownBy(() -> GoWalImport.from(wal).into(dir.resolve("store")))
                .isInstanceOfSatisfying(
                        GoWalException.class, e -> assertThat(e.lsn()).isEqualTo(3))
                .hasMessageContaining("unknown event type 'wal:mempool'");
    }
}
