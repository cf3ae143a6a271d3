package io.rockwal.events;

import com.google.protobuf.ByteString;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.rockwal.events.proto.AccessTuple;
import io.rockwal.events.proto.Account;
import io.rockwal.events.proto.AccountSyncResponse;
import io.rockwal.events.proto.Ack;
import io.rockwal.events.proto.Auth;
import io.rockwal.events.proto.Checksum;
import io.rockwal.events.proto.ChecksumVersion;
import io.rockwal.events.proto.DBTransaction;
import io.rockwal.events.proto.DataSyncResponse;
import io.rockwal.events.proto.Header;
import io.rockwal.events.proto.HeaderSyncRequest;
import io.rockwal.events.proto.HeaderSyncResponse;
import io.rockwal.events.proto.L1Finality;
import io.rockwal.events.proto.MerkleMessage;
import io.rockwal.events.proto.MerkleSnapshot;
import io.rockwal.events.proto.Metadata;
import io.rockwal.events.proto.NodeInfo;
import io.rockwal.events.proto.NonHeaders;
import io.rockwal.events.proto.Phase;
import io.rockwal.events.proto.PriorSync;
import io.rockwal.events.proto.PriorSyncMessage;
import io.rockwal.events.proto.Range;
import io.rockwal.events.proto.RangeTag;
import io.rockwal.events.proto.SnapshotConfig;
import io.rockwal.events.proto.SnapshotNode;
import io.rockwal.events.proto.SnapshotRecord;
import io.rockwal.events.proto.Tag;
import io.rockwal.events.proto.TaggedAccounts;
import io.rockwal.events.proto.Transaction;
import io.rockwal.events.proto.ZKBlock;
import io.rockwal.events.proto.ZKProof;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Deterministic protobuf payloads in which every field of every message is set to a value other than
 * its default somewhere, so that the wire checks see every field. No randomness, no clock: the golden
 * vectors are built from these.
 */
final class ProtoFixtures {

    static final long NANOS = 1_747_000_000_123_456_789L;

    private ProtoFixtures() {}

    /** {@code length} bytes that depend on {@code seed} and their position. */
    static ByteString bytes(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (seed * 31 + i * 7 + 1);
        }
        return ByteString.copyFrom(bytes);
    }

    /** The big-endian unsigned magnitude the original stores for a big integer. */
    static ByteString bigInteger(BigInteger value) {
        byte[] signed = value.toByteArray();
        int skip = signed.length > 1 && signed[0] == 0 ? 1 : 0;
        return ByteString.copyFrom(signed, skip, signed.length - skip);
    }

    static Ack ack() {
        return Ack.newBuilder().setOk(true).setError("partial: 2 of 3 peers").build();
    }

    static Phase phase() {
        return Phase.newBuilder()
                .setPresentPhase("HEADER_SYNC")
                .setSuccessivePhase("MERKLE_SYNC")
                .setSuccess(true)
                .setError("none")
                .setAuth(Auth.newBuilder().setUUID("6f1c2a4e-9b0d-4c3e-8f7a-1d2b3c4d5e6f"))
                .build();
    }

    static Header header(long blockNumber) {
        int seed = (int) blockNumber;
        return Header.newBuilder()
                .setProofHash("0xproof" + blockNumber)
                .setStatus("finalized")
                .setTxnsRoot("0xtxroot" + blockNumber)
                .setTimestamp(1_747_000_000L + blockNumber)
                .setExtraData("extra <&> \"quoted\" é")
                .setStateRoot(bytes(32, seed))
                .setCoinbaseAddr(bytes(20, seed + 1))
                .setZkvmAddr(bytes(20, seed + 2))
                .setPrevHash(bytes(32, seed + 3))
                .setBlockHash(bytes(32, seed + 4))
                .setGasLimit(30_000_000L)
                .setGasUsed(12_345_678L)
                .setBlockNumber(blockNumber)
                .setLogsBloom(bytes(256, seed + 5))
                .build();
    }

    static Transaction transaction(int n) {
        return Transaction.newBuilder()
                .setHash(bytes(32, n))
                .setFrom(bytes(20, n + 1))
                .setTo(bytes(20, n + 2))
                .setValue(bigInteger(new BigInteger("1500000000000000000").add(BigInteger.valueOf(n))))
                .setType(2)
                .setTimestamp(1_747_000_000L + n)
                .setChainId(bigInteger(BigInteger.valueOf(7_001)))
                .setNonce(n + 1)
                .setGasLimit(21_000L)
                .setGasPrice(bigInteger(new BigInteger("30000000000")))
                .setMaxFee(bigInteger(new BigInteger("50000000000")))
                .setMaxPriorityFee(bigInteger(new BigInteger("2000000000")))
                .setData(bytes(68, n + 3))
                .addAccessList(AccessTuple.newBuilder()
                        .setAddress(bytes(20, n + 4))
                        .addStorageKeys(bytes(32, n + 5))
                        .addStorageKeys(bytes(32, n + 6)))
                .addAccessList(
                        AccessTuple.newBuilder().setAddress(bytes(20, n + 7)).addStorageKeys(bytes(32, n + 8)))
                .setV(bigInteger(BigInteger.ONE))
                .setR(bigInteger(new BigInteger(1, bytes(32, n + 9).toByteArray())))
                .setS(bigInteger(new BigInteger(1, bytes(32, n + 10).toByteArray())))
                .build();
    }

    static ZKBlock zkBlock(long blockNumber) {
        int seed = (int) blockNumber;
        return ZKBlock.newBuilder()
                .setStarkProof(bytes(96, seed))
                .addCommitment(1)
                .addCommitment(70_000)
                .addCommitment(-1)
                .setProofHash("0xproof" + blockNumber)
                .setStatus("finalized")
                .setTxnsRoot("0xtxroot" + blockNumber)
                .addTransactions(transaction(seed))
                .addTransactions(transaction(seed + 1))
                .setTimestamp(1_747_000_000L + blockNumber)
                .setExtraData("zk")
                .setStateRoot(bytes(32, seed + 1))
                .setLogsBloom(bytes(256, seed + 2))
                .setCoinbaseAddr(bytes(20, seed + 3))
                .setZkvmAddr(bytes(20, seed + 4))
                .setPrevHash(bytes(32, seed + 5))
                .setBlockHash(bytes(32, seed + 6))
                .setGasLimit(30_000_000L)
                .setGasUsed(42_000L)
                .setBlockNumber(blockNumber)
                .build();
    }

    static NonHeaders nonHeaders(long blockNumber, int transactions) {
        int seed = (int) blockNumber;
        NonHeaders.Builder builder = NonHeaders.newBuilder()
                .setBlockNumber(blockNumber)
                .setSnapshot(SnapshotRecord.newBuilder()
                        .setBlockHash(bytes(32, seed))
                        .setCreatedAt(NANOS))
                .setZkProof(ZKProof.newBuilder()
                        .setProofHash("0xproof" + blockNumber)
                        .setStarkProof(bytes(128, seed + 1))
                        .setCommitment(bytes(32, seed + 2))
                        .setCreatedAt(NANOS))
                .setL1Finality(L1Finality.newBuilder()
                        .setConfirmation(bytes(32, seed + 3))
                        .addBlockNumbers(blockNumber)
                        .addBlockNumbers(blockNumber + 1)
                        .setMetadata(ByteString.copyFromUtf8("{\"l1\":\"sepolia\",\"tx\":\"0xabc\"}"))
                        .setCreatedAt(NANOS));
        for (int i = 0; i < transactions; i++) {
            builder.addTransactions(DBTransaction.newBuilder()
                    .setTx(transaction(seed * 10 + i))
                    .setTxIndex(i + 1)
                    .setCreatedAt(NANOS + i));
        }
        return builder.build();
    }

    static Tag tag() {
        return Tag.newBuilder()
                .addBlockNumber(100)
                .addBlockNumber(200)
                .addBlockNumber(Long.MIN_VALUE)
                .addRange(RangeTag.newBuilder().setStart(1).setEnd(99))
                .addRange(RangeTag.newBuilder().setStart(300).setEnd(400))
                .build();
    }

    static HeaderSyncRequest headerSyncRequest() {
        return HeaderSyncRequest.newBuilder()
                .setTag(tag())
                .setVersion(3)
                .setAck(ack())
                .setPhase(phase())
                .build();
    }

    static HeaderSyncResponse headerSyncResponse(int headers) {
        HeaderSyncResponse.Builder builder =
                HeaderSyncResponse.newBuilder().setVersion(3).setAck(ack()).setPhase(phase());
        for (int i = 0; i < headers; i++) {
            builder.addHeader(header(1_000 + i));
        }
        return builder.build();
    }

    /** A full binary tree of the given depth (a leaf has depth 1) over {@code count} leaves from {@code start}. */
    static SnapshotNode snapshotTree(int depth, long start) {
        long count = 1L << (depth - 1);
        SnapshotNode.Builder node = SnapshotNode.newBuilder()
                .setRoot(bytes(32, (int) (start * 3 + depth)))
                .setStart(start)
                .setCount((int) count);
        if (depth == 1) {
            return node.setData(bytes(32, (int) start + 100)).setHasData(true).build();
        }
        return node.setLeft(snapshotTree(depth - 1, start))
                .setRight(snapshotTree(depth - 1, start + count / 2))
                .build();
    }

    static MerkleSnapshot merkleSnapshot() {
        return MerkleSnapshot.newBuilder()
                .setVersion(2)
                .setConfig(SnapshotConfig.newBuilder().setBlockMerge(-16).setExpectedTotal(1_000_000L))
                .setTotalBlocks(48)
                .setExpectedNextHeight(49)
                .setEnforceHeights(true)
                .addInChunkElems(bytes(32, 1))
                .addInChunkElems(bytes(32, 2))
                .addInChunkElems(bytes(32, 3))
                .setInChunkStart(45)
                .addPeaks(snapshotTree(5, 0))
                .addPeaks(snapshotTree(2, 16))
                .build();
    }

    static MerkleMessage merkleMessage() {
        return MerkleMessage.newBuilder()
                .setSnapshot(merkleSnapshot())
                .setAck(ack())
                .setPhase(phase())
                .build();
    }

    static NodeInfo nodeInfo() {
        return NodeInfo.newBuilder()
                .setPeerId(bytes(38, 11))
                .addMultiaddrs(ByteString.copyFrom("/ip4/10.0.0.7/tcp/4001", StandardCharsets.UTF_8))
                .addMultiaddrs(ByteString.copyFrom("/ip6/::1/udp/4001/quic", StandardCharsets.UTF_8))
                .addCapabilities("fastsync")
                .addCapabilities("pots")
                .setPublicKey(bytes(33, 12))
                .setVersion(5)
                .setProtocol("/jmdt/sync/1.0.0")
                .build();
    }

    static PriorSyncMessage priorSyncMessage() {
        PriorSync priorSync = PriorSync.newBuilder()
                .setBlocknumber(48)
                .setStateroot(bytes(32, 21))
                .setBlockhash(bytes(32, 22))
                .setMetadata(Metadata.newBuilder()
                        .setChecksum(bytes(32, 23))
                        .setVersion(4)
                        .setNodeinfo(nodeInfo()))
                .setMerklesnapshot(merkleSnapshot())
                .setRange(Range.newBuilder().setStart(1).setEnd(48))
                .build();
        return PriorSyncMessage.newBuilder()
                .setPriorsync(priorSync)
                .setAck(ack())
                .setPhase(phase())
                .setHeadersync(headerSyncRequest())
                .build();
    }

    static TaggedAccounts taggedAccounts() {
        return TaggedAccounts.newBuilder()
                .putAccounts("0x71c7656ec7ab88b098defb751b7401b5f6d8976f", true)
                .putAccounts("did:jmdt:alice", true)
                .putAccounts("0x0000000000000000000000000000000000000001", false)
                .build();
    }

    static DataSyncResponse dataSyncResponse(int blocks, int transactionsEach) {
        DataSyncResponse.Builder builder = DataSyncResponse.newBuilder()
                .setVersion(3)
                .setTaggedaccounts(taggedAccounts())
                .setAck(ack())
                .setPhase(phase());
        for (int i = 0; i < blocks; i++) {
            builder.addData(nonHeaders(2_000 + i, transactionsEach));
        }
        return builder.build();
    }

    static Struct accountMetadata(int n) {
        Struct limits = Struct.newBuilder()
                .putFields(
                        "daily", Value.newBuilder().setNumberValue(1_000.5 + n).build())
                .putFields(
                        "nested",
                        Value.newBuilder()
                                .setStructValue(Struct.newBuilder()
                                        .putFields(
                                                "none",
                                                Value.newBuilder()
                                                        .setNullValue(NullValue.NULL_VALUE)
                                                        .build()))
                                .build())
                .build();
        return Struct.newBuilder()
                .putFields("tier", Value.newBuilder().setStringValue("gold").build())
                .putFields("verified", Value.newBuilder().setBoolValue(true).build())
                .putFields(
                        "tags",
                        Value.newBuilder()
                                .setListValue(ListValue.newBuilder()
                                        .addValues(Value.newBuilder().setStringValue("validator"))
                                        .addValues(Value.newBuilder().setNumberValue(n)))
                                .build())
                .putFields("limits", Value.newBuilder().setStructValue(limits).build())
                .build();
    }

    static Account account(int n) {
        return Account.newBuilder()
                .setDidAddress("did:jmdt:account-" + n)
                .setAddress(bytes(20, n))
                .setBalance("123456789012345678901234567890" + n)
                .setNonce(n + 1L)
                .setAccountType(n % 2 == 0 ? "did" : "publickey")
                .setCreatedAt(NANOS - n)
                .setUpdatedAt(NANOS + n)
                .setMetadata(accountMetadata(n))
                .build();
    }

    static AccountSyncResponse accountSyncResponse(int accounts) {
        AccountSyncResponse.Builder builder =
                AccountSyncResponse.newBuilder().setPageIndex(7).setAck(ack()).setPhase(phase());
        for (int i = 0; i < accounts; i++) {
            builder.addAccounts(account(i));
        }
        return builder.build();
    }

    static Checksum checksum() {
        return Checksum.newBuilder()
                .setChecksum(bytes(32, 31))
                .setVersion(ChecksumVersion.SHA256)
                .build();
    }
}
