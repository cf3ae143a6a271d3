package io.rockwal.bench.jmh;

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
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The eight standard event classes, each with one fixed, realistically shaped sample: two block headers
 * per header page, two blocks of two transactions per data page, three accounts per account page, ten
 * accounts per reconciliation batch, a 256-byte PoTS block. The sample of a kind is always the same
 * (its random bytes come from a seed), so runs measure the same work.
 */
public enum EventKind {
    HEADER_SYNC(random -> new HeaderSyncEvent(Operation.SYNC, headerPage(random))),
    MERKLE_SYNC(random -> new MerkleSyncEvent(Operation.SYNC,
            MerkleMessage.newBuilder().setSnapshot(snapshot(random)).setPhase(phase()).build())),
    PRIOR_SYNC(random -> new PriorSyncEvent(Operation.SYNC, PriorSyncMessage.newBuilder()
            .setPriorsync(PriorSync.newBuilder()
                    .setBlocknumber(random.nextLong(1, 1L << 40))
                    .setStateroot(bytes(random, 32))
                    .setBlockhash(bytes(random, 32))
                    .setMerklesnapshot(snapshot(random)))
            .setAck(Ack.newBuilder().setOk(true))
            .build())),
    DATA_SYNC(random -> new DataSyncEvent(Operation.DOWNLOAD, dataPage(random))),
    ACCOUNT_SYNC(random -> new AccountSyncEvent(Operation.SYNC, accountPage(random))),
    RECONCILIATION(random -> new ReconciliationEvent(address(random), decimal(random), decimal(random),
            random.nextLong(0, 1L << 32), random.nextLong(1, Long.MAX_VALUE))),
    RECONCILIATION_BATCH(EventKind::reconciliationBatch),
    POTS_BLOCK(random -> new PoTSBlockEvent(Operation.APPEND, random.nextLong(1, 1L << 40),
            randomBytes(random, 256), random.nextLong(1, Long.MAX_VALUE)));

    private final Function<SplittableRandom, Event> build;

    EventKind(Function<SplittableRandom, Event> build) {
        this.build = build;
    }

    /** This kind's sample; equal on every call. */
    public Event sample() {
        return build.apply(new SplittableRandom(0x5eed_0000L + ordinal()));
    }

    /** {@code length} random bytes from {@code random}. */
    static byte[] randomBytes(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    private static HeaderSyncResponse headerPage(SplittableRandom random) {
        HeaderSyncResponse.Builder page = HeaderSyncResponse.newBuilder().setVersion(1).setPhase(phase());
        long first = random.nextLong(1, 1L << 40);
        for (int i = 0; i < 2; i++) {
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
        for (int i = 0; i < 2; i++) {
            NonHeaders.Builder block = NonHeaders.newBuilder().setBlockNumber(random.nextLong(1, 1L << 40));
            for (int t = 0; t < 2; t++) {
                block.addTransactions(DBTransaction.newBuilder().setTxIndex(t).setTx(Transaction.newBuilder()
                        .setHash(bytes(random, 32))
                        .setFrom(bytes(random, 20))
                        .setTo(bytes(random, 20))
                        .setValue(bytes(random, 16))
                        .setNonce(random.nextLong(0, 1L << 32))
                        .setChainId(bytes(random, 2))
                        .setGasPrice(bytes(random, 8))
                        .setData(bytes(random, 64))));
            }
            page.addData(block);
        }
        page.getTaggedaccountsBuilder().putAccounts(address(random), true);
        return page.build();
    }

    private static AccountSyncResponse accountPage(SplittableRandom random) {
        AccountSyncResponse.Builder page = AccountSyncResponse.newBuilder().setPageIndex(random.nextInt(1000));
        for (int i = 0; i < 3; i++) {
            page.addAccounts(Account.newBuilder()
                    .setAddress(bytes(random, 20))
                    .setDidAddress("did:jmdt:" + Long.toHexString(random.nextLong()))
                    .setBalance(decimal(random))
                    .setNonce(random.nextLong(0, 1L << 32))
                    .setAccountType("did")
                    .setCreatedAt(random.nextLong(1, Long.MAX_VALUE))
                    .setMetadata(Struct.newBuilder()
                            .putFields("label", Value.newBuilder().setStringValue("acct-" + i).build())
                            .putFields("score", Value.newBuilder().setNumberValue(random.nextInt(100)).build())));
        }
        return page.build();
    }

    private static ReconciliationBatchEvent reconciliationBatch(SplittableRandom random) {
        List<ReconciliationBatchEntry> entries = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            entries.add(new ReconciliationBatchEntry(address(random), decimal(random), random.nextLong(0, 1L << 32)));
        }
        return new ReconciliationBatchEvent(entries, random.nextLong(1, Long.MAX_VALUE));
    }

    private static MerkleSnapshot snapshot(SplittableRandom random) {
        return MerkleSnapshot.newBuilder()
                .setVersion(1)
                .setTotalBlocks(random.nextLong(1, 1L << 30))
                .setExpectedNextHeight(random.nextLong(1, 1L << 30))
                .addInChunkElems(bytes(random, 32))
                .addPeaks(node(random, 2))
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

    private static Phase phase() {
        return Phase.newBuilder().setPresentPhase("sync").setSuccessivePhase("commit").setSuccess(true).build();
    }

    private static String address(SplittableRandom random) {
        return "0x" + HexFormat.of().formatHex(randomBytes(random, 20));
    }

    private static String decimal(SplittableRandom random) {
        return Long.toUnsignedString(random.nextLong(1, 1L << 60));
    }

    private static ByteString bytes(SplittableRandom random, int length) {
        return ByteString.copyFrom(randomBytes(random, length));
    }
}
