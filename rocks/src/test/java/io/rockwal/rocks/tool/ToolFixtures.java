package io.rockwal.rocks.tool;

import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.rockwal.core.Event;
import io.rockwal.core.Operation;
import io.rockwal.events.AccountSyncEvent;
import io.rockwal.events.DataSyncEvent;
import io.rockwal.events.HeaderSyncEvent;
import io.rockwal.events.MerkleSyncEvent;
import io.rockwal.events.PoTSBlockEvent;
import io.rockwal.events.PriorSyncEvent;
import io.rockwal.events.ReconciliationBatchEntry;
import io.rockwal.events.ReconciliationBatchEvent;
import io.rockwal.events.ReconciliationEvent;
import io.rockwal.events.proto.Account;
import io.rockwal.events.proto.AccountSyncResponse;
import io.rockwal.events.proto.DataSyncResponse;
import io.rockwal.events.proto.Header;
import io.rockwal.events.proto.HeaderSyncResponse;
import io.rockwal.events.proto.MerkleMessage;
import io.rockwal.events.proto.MerkleSnapshot;
import io.rockwal.events.proto.NonHeaders;
import io.rockwal.events.proto.PriorSync;
import io.rockwal.events.proto.PriorSyncMessage;
import io.rockwal.events.proto.SnapshotNode;
import io.rockwal.events.proto.TaggedAccounts;
import io.rockwal.rocks.RocksEventLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Small events of the eight standard classes with known contents, and stores made of them. */
final class ToolFixtures {

    static final byte[] HASH = bytes(0x00, 0x01, 0xab, 0xff);

    private ToolFixtures() {}

    static HeaderSyncEvent header(long blockNumber) {
        return new HeaderSyncEvent(
                Operation.DOWNLOAD,
                HeaderSyncResponse.newBuilder()
                        .setVersion(1)
                        .addHeader(Header.newBuilder()
                                .setBlockNumber(blockNumber)
                                .setBlockHash(ByteString.copyFrom(HASH))
                                .setStatus("finalized"))
                        .build());
    }

    static MerkleSyncEvent merkle() {
        SnapshotNode leaf = SnapshotNode.newBuilder()
                .setRoot(ByteString.copyFrom(bytes(0x0a)))
                .setCount(1)
                .build();
        return new MerkleSyncEvent(
                Operation.SYNC,
                MerkleMessage.newBuilder()
                        .setSnapshot(MerkleSnapshot.newBuilder()
                                .setTotalBlocks(2)
                                .addInChunkElems(ByteString.copyFrom(bytes(0x01, 0x02)))
                                .addPeaks(SnapshotNode.newBuilder()
                                        .setLeft(leaf)
                                        .setRight(leaf)
                                        .setRoot(ByteString.copyFrom(bytes(0xcd)))
                                        .setCount(2)))
                        .build());
    }

    static PriorSyncEvent prior() {
        return new PriorSyncEvent(
                Operation.REQUEST,
                PriorSyncMessage.newBuilder()
                        .setPriorsync(PriorSync.newBuilder().setBlocknumber(41).setBlockhash(ByteString.copyFrom(HASH)))
                        .build());
    }

    static DataSyncEvent data() {
        return new DataSyncEvent(
                Operation.DOWNLOAD,
                DataSyncResponse.newBuilder()
                        .addData(NonHeaders.newBuilder().setBlockNumber(42))
                        .setTaggedaccounts(TaggedAccounts.newBuilder().putAccounts("0xabc", true))
                        .build());
    }

    static AccountSyncEvent accounts() {
        return new AccountSyncEvent(
                Operation.DOWNLOAD,
                AccountSyncResponse.newBuilder()
                        .setPageIndex(3)
                        .addAccounts(Account.newBuilder()
                                .setAddress(ByteString.copyFrom(bytes(0x12, 0x34)))
                                .setBalance("1000")
                                .setNonce(-1L)
                                .setMetadata(Struct.newBuilder()
                                        .putFields(
                                                "label",
                                                Value.newBuilder()
                                                        .setStringValue("hot wallet")
                                                        .build())))
                        .build());
    }

    static ReconciliationEvent reconciliation() {
        return new ReconciliationEvent("0xaa", "10", "20", -1L, 1_700_000_000_000L);
    }

    static ReconciliationBatchEvent batch() {
        return new ReconciliationBatchEvent(
                List.of(new ReconciliationBatchEntry("0xbb", "30", 7), new ReconciliationBatchEntry("0xcc", "40", 8)),
                1_700_000_000_001L);
    }

    static PoTSBlockEvent block(long number) {
        return new PoTSBlockEvent(
                Operation.APPEND,
                number,
                ("{\"block_number\":" + number + "}").getBytes(StandardCharsets.UTF_8),
                1_700_000_000_002L);
    }

    /** One event of each class, in the order of the codec ids 1 to 8. */
    static List<Event> everyKind() {
        return List.of(header(100), merkle(), prior(), data(), accounts(), reconciliation(), batch(), block(101));
    }

    /** Writes {@code rounds} times one event of each class: LSNs 1 to 8 * rounds, codec id = (LSN - 1) % 8 + 1. */
    static void writeStore(Path dir, int rounds) {
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            for (int round = 0; round < rounds; round++) {
                everyKind().forEach(log::write);
            }
        }
    }

    /** Parses one JSON object with Gson, a reader independent of the tool's own. */
    static com.google.gson.JsonObject parse(String json) {
        return com.google.gson.JsonParser.parseString(json).getAsJsonObject();
    }

    static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
