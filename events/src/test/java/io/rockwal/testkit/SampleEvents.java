package io.rockwal.testkit;

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
import io.rockwal.events.proto.Ack;
import io.rockwal.events.proto.DBTransaction;
import io.rockwal.events.proto.DataSyncResponse;
import io.rockwal.events.proto.Header;
import io.rockwal.events.proto.HeaderSyncResponse;
import io.rockwal.events.proto.MerkleMessage;
import io.rockwal.events.proto.MerkleSnapshot;
import io.rockwal.events.proto.NonHeaders;
import io.rockwal.events.proto.Phase;
import io.rockwal.events.proto.PriorSync;
import io.rockwal.events.proto.PriorSyncMessage;
import io.rockwal.events.proto.SnapshotNode;
import io.rockwal.events.proto.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic, realistic events of all eight classes: the same seed always gives an equal event, so
 * a test that only remembers seeds (a crash test's parent, a property test) can rebuild exactly what
 * was written.
 */
public final class SampleEvents {

    /** How many event classes {@link #of(long)} cycles through. */
    public static final int KINDS = 8;

    private SampleEvents() {}

    /** The event for a seed; its class is {@code seed mod 8}, its content follows from the seed. */
    public static Event of(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Operation operation = Operation.values()[random.nextInt(Operation.values().length)];
        return switch (Math.floorMod(seed, KINDS)) {
            case 0 -> new HeaderSyncEvent(operation, headerPage(random));
            case 1 ->
                new MerkleSyncEvent(
                        operation,
                        MerkleMessage.newBuilder()
                                .setSnapshot(snapshot(random))
                                .setPhase(phase(random))
                                .build());
            case 2 ->
                new PriorSyncEvent(
                        operation,
                        PriorSyncMessage.newBuilder()
                                .setPriorsync(PriorSync.newBuilder()
                                        .setBlocknumber(random.nextLong(1, 1L << 40))
                                        .setStateroot(bytes(random, 32))
                                        .setBlockhash(bytes(random, 32))
                                        .setMerklesnapshot(snapshot(random)))
                                .setAck(Ack.newBuilder().setOk(true))
                                .build());
            case 3 -> new DataSyncEvent(operation, dataPage(random));
            case 4 -> new AccountSyncEvent(operation, accountPage(random));
            case 5 ->
                new ReconciliationEvent(
                        address(random),
                        decimal(random),
                        decimal(random),
                        random.nextLong(),
                        random.nextLong(1, Long.MAX_VALUE));
            case 6 -> reconciliationBatch(random, 1 + random.nextInt(50));
            default ->
                new PoTSBlockEvent(
                        operation,
                        random.nextLong(1, 1L << 40),
                        randomBytes(random, 64 + random.nextInt(512)),
                        random.nextLong(1, Long.MAX_VALUE));
        };
    }

    /** A batch of {@code accounts} entries drawn from {@code random}. */
    public static ReconciliationBatchEvent reconciliationBatch(SplittableRandom random, int accounts) {
        List<ReconciliationBatchEntry> entries = new ArrayList<>(accounts);
        for (int i = 0; i < accounts; i++) {
            entries.add(new ReconciliationBatchEntry(address(random), decimal(random), random.nextLong(0, 1L << 32)));
        }
        return new ReconciliationBatchEvent(entries, random.nextLong(1, Long.MAX_VALUE));
    }

    private static HeaderSyncResponse headerPage(SplittableRandom random) {
        HeaderSyncResponse.Builder page =
                HeaderSyncResponse.newBuilder().setVersion(1).setPhase(phase(random));
        long first = random.nextLong(1, 1L << 40);
        for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
            page.addHeader(Header.newBuilder()
                    .setBlockNumber(first + i)
                    .setBlockHash(bytes(random, 32))
                    .setPrevHash(bytes(random, 32))
                    .setStateRoot(bytes(random, 32))
                    .setTxnsRoot("0x" + Long.toHexString(random.nextLong()))
                    .setStatus("finalized")
                    .setTimestamp(random.nextLong(1, Long.MAX_VALUE))
                    .setGasLimit(30_000_000)
                    .setGasUsed(random.nextLong(0, 30_000_000))
                    .setCoinbaseAddr(bytes(random, 20))
                    .setLogsBloom(bytes(random, 64)));
        }
        return page.build();
    }

    private static DataSyncResponse dataPage(SplittableRandom random) {
        DataSyncResponse.Builder page = DataSyncResponse.newBuilder().setVersion(1);
        for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
            NonHeaders.Builder block = NonHeaders.newBuilder().setBlockNumber(random.nextLong(1, 1L << 40));
            for (int t = 0, txs = random.nextInt(4); t < txs; t++) {
                block.addTransactions(DBTransaction.newBuilder()
                        .setTxIndex(t)
                        .setTx(Transaction.newBuilder()
                                .setHash(bytes(random, 32))
                                .setFrom(bytes(random, 20))
                                .setTo(bytes(random, 20))
                                .setValue(bytes(random, 1 + random.nextInt(32)))
                                .setNonce(random.nextLong(0, 1L << 32))
                                .setChainId(bytes(random, 2))
                                .setGasPrice(bytes(random, 8))
                                .setData(bytes(random, random.nextInt(100)))));
            }
            page.addData(block);
        }
        page.getTaggedaccountsBuilder().putAccounts(address(random), random.nextBoolean());
        return page.build();
    }

    private static AccountSyncResponse accountPage(SplittableRandom random) {
        AccountSyncResponse.Builder page = AccountSyncResponse.newBuilder().setPageIndex(random.nextInt(1000));
        for (int i = 0, n = 1 + random.nextInt(5); i < n; i++) {
            page.addAccounts(Account.newBuilder()
                    .setAddress(bytes(random, 20))
                    .setDidAddress("did:jmdt:" + Long.toHexString(random.nextLong()))
                    .setBalance(decimal(random))
                    .setNonce(random.nextLong(0, 1L << 32))
                    .setAccountType(random.nextBoolean() ? "did" : "publickey")
                    .setCreatedAt(random.nextLong(1, Long.MAX_VALUE))
                    .setMetadata(Struct.newBuilder()
                            .putFields(
                                    "label",
                                    Value.newBuilder()
                                            .setStringValue("acct-" + i)
                                            .build())
                            .putFields(
                                    "score",
                                    Value.newBuilder()
                                            .setNumberValue(random.nextInt(100))
                                            .build())));
        }
        return page.build();
    }

    private static MerkleSnapshot snapshot(SplittableRandom random) {
        return MerkleSnapshot.newBuilder()
                .setVersion(1)
                .setTotalBlocks(random.nextLong(1, 1L << 30))
                .setExpectedNextHeight(random.nextLong(1, 1L << 30))
                .addInChunkElems(bytes(random, 32))
                .addPeaks(node(random, 3))
                .build();
    }

    private static SnapshotNode node(SplittableRandom random, int depth) {
        SnapshotNode.Builder node = SnapshotNode.newBuilder()
                .setRoot(bytes(random, 32))
                .setStart(random.nextLong(0, 1L << 30))
                .setCount(1 << depth);
        if (depth > 0) {
            node.setLeft(node(random, depth - 1)).setRight(node(random, depth - 1));
        } else {
            node.setData(bytes(random, 16)).setHasData(true);
        }
        return node.build();
    }

    private static Phase phase(SplittableRandom random) {
        return Phase.newBuilder()
                .setPresentPhase("sync")
                .setSuccessivePhase("commit")
                .setSuccess(random.nextBoolean())
                .build();
    }

    private static String address(SplittableRandom random) {
        return "0x" + java.util.HexFormat.of().formatHex(randomBytes(random, 20));
    }

    private static String decimal(SplittableRandom random) {
        return Long.toUnsignedString(random.nextLong()) + random.nextInt(1_000_000);
    }

    private static ByteString bytes(SplittableRandom random, int length) {
        return ByteString.copyFrom(randomBytes(random, length));
    }

    /** {@code length} bytes drawn from {@code random}. */
    public static byte[] randomBytes(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }
}
