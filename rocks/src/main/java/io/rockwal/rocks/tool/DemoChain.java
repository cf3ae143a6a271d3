package io.rockwal.rocks.tool;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.protobuf.ByteString;
import io.rockwal.events.proto.DBTransaction;
import io.rockwal.events.proto.DataSyncResponse;
import io.rockwal.events.proto.Header;
import io.rockwal.events.proto.HeaderSyncRequest;
import io.rockwal.events.proto.L1Finality;
import io.rockwal.events.proto.Metadata;
import io.rockwal.events.proto.NodeInfo;
import io.rockwal.events.proto.NonHeaders;
import io.rockwal.events.proto.Phase;
import io.rockwal.events.proto.PriorSync;
import io.rockwal.events.proto.PriorSyncMessage;
import io.rockwal.events.proto.Range;
import io.rockwal.events.proto.RangeTag;
import io.rockwal.events.proto.SnapshotNode;
import io.rockwal.events.proto.SnapshotRecord;
import io.rockwal.events.proto.Tag;
import io.rockwal.events.proto.TaggedAccounts;
import io.rockwal.events.proto.Transaction;
import io.rockwal.events.proto.ZKProof;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The demo's chain. Everything that identifies a block (its hash, parent, state root, proof hash,
 * validator, gas used) is a SHA-256 of a label and the block number, so sessions appended to one store
 * form one chain; timestamps are two seconds per block. Addresses, balances and transactions come from
 * the session's random generator.
 */
final class DemoChain {

    private static final HexFormat HEX = HexFormat.of();
    private static final long CHAIN_ID = 7777;
    private static final long GAS_LIMIT = 30_000_000;
    private static final byte[] ZKVM_ADDRESS = addressOf(sha256("zkvm", 0));
    private static final long GWEI = 1_000_000_000L;

    private final SplittableRandom random;
    private final long genesisSeconds;

    /**
     * @param random the session's generator
     * @param genesisSeconds the time of block 0; block {@code n} is {@code 2n} seconds later
     */
    DemoChain(SplittableRandom random, long genesisSeconds) {
        this.random = random;
        this.genesisSeconds = genesisSeconds;
    }

    static byte[] blockHash(long number) {
        return sha256("block", number);
    }

    long blockTime(long number) {
        return genesisSeconds + 2 * number;
    }

    Header header(long number) {
        return Header.newBuilder()
                .setBlockNumber(number)
                .setBlockHash(bytes(blockHash(number)))
                .setPrevHash(bytes(blockHash(number - 1)))
                .setStateRoot(bytes(sha256("state", number)))
                .setTxnsRoot(hex0x(sha256("txns", number)))
                .setProofHash(hex0x(sha256("proof", number)))
                .setStatus("finalized")
                .setTimestamp(blockTime(number))
                .setGasLimit(GAS_LIMIT)
                .setGasUsed(gasUsed(number))
                .setCoinbaseAddr(bytes(validator(number)))
                .setZkvmAddr(bytes(ZKVM_ADDRESS))
                .build();
    }

    /** The node asks a peer for the state before {@code firstBlock} and the headers up to {@code lastBlock}. */
    PriorSyncMessage priorSyncRequest(long firstBlock, long lastBlock) {
        return PriorSyncMessage.newBuilder()
                .setPriorsync(priorSync(firstBlock, lastBlock))
                .setPhase(phase("priorsync", "headersync"))
                .setHeadersync(HeaderSyncRequest.newBuilder()
                        .setVersion(1)
                        .setTag(Tag.newBuilder()
                                .addRange(RangeTag.newBuilder()
                                        .setStart(firstBlock)
                                        .setEnd(lastBlock))))
                .build();
    }

    /** The peer's answer: the same, with its node information and a checksum. */
    PriorSyncMessage priorSyncAnswer(long firstBlock, long lastBlock) {
        NodeInfo peer = NodeInfo.newBuilder()
                .setPeerId(bytes(sha256("peer", 7)))
                .addMultiaddrs(ByteString.copyFromUtf8("/ip4/10.20.0.7/tcp/30303"))
                .addMultiaddrs(ByteString.copyFromUtf8("/dns4/sync-7.example.net/tcp/30303"))
                .addCapabilities("priorsync")
                .addCapabilities("headersync")
                .addCapabilities("merklesync")
                .addCapabilities("datasync")
                .addCapabilities("accountsync")
                .setPublicKey(ByteString.copyFrom(new byte[] {2}).concat(bytes(sha256("peer-key", 7))))
                .setVersion(3)
                .setProtocol("jmdt/sync/1.0")
                .build();
        return PriorSyncMessage.newBuilder()
                .setPriorsync(priorSync(firstBlock, lastBlock).toBuilder()
                        .setMetadata(Metadata.newBuilder()
                                .setChecksum(bytes(sha256("checksum", lastBlock)))
                                .setVersion(1)
                                .setNodeinfo(peer)))
                .setAck(DemoChain.ack())
                .setPhase(phase("priorsync", "headersync"))
                .build();
    }

    private PriorSync priorSync(long firstBlock, long lastBlock) {
        return PriorSync.newBuilder()
                .setBlocknumber(firstBlock - 1)
                .setBlockhash(bytes(blockHash(firstBlock - 1)))
                .setStateroot(bytes(sha256("state", firstBlock - 1)))
                .setRange(Range.newBuilder().setStart(firstBlock).setEnd(lastBlock))
                .build();
    }

    /** A merkle tree over consecutive blocks, their hashes as leaves; a power of two of them. */
    SnapshotNode merkleTree(List<Long> blocks) {
        if (blocks.size() == 1) {
            long number = blocks.get(0);
            return SnapshotNode.newBuilder()
                    .setRoot(bytes(blockHash(number)))
                    .setStart(number)
                    .setCount(1)
                    .setData(bytes(blockHash(number)))
                    .setHasData(true)
                    .build();
        }
        SnapshotNode left = merkleTree(blocks.subList(0, blocks.size() / 2));
        SnapshotNode right = merkleTree(blocks.subList(blocks.size() / 2, blocks.size()));
        MessageDigest digest = sha256();
        digest.update(left.getRoot().toByteArray());
        digest.update(right.getRoot().toByteArray());
        return SnapshotNode.newBuilder()
                .setLeft(left)
                .setRight(right)
                .setRoot(ByteString.copyFrom(digest.digest()))
                .setStart(blocks.get(0))
                .setCount(blocks.size())
                .build();
    }

    /** Block data for some blocks: snapshot record, transactions, proof, and for every fourth an L1 finality. */
    DataSyncResponse dataPage(List<Long> blocks) {
        DataSyncResponse.Builder page =
                DataSyncResponse.newBuilder().setVersion(1).setAck(ack()).setPhase(phase("datasync", "accountsync"));
        TaggedAccounts.Builder tagged = TaggedAccounts.newBuilder();
        for (long number : blocks) {
            long createdNanos = blockTime(number) * 1_000_000_000L + random.nextLong(1_000_000_000L);
            NonHeaders.Builder data = NonHeaders.newBuilder()
                    .setBlockNumber(number)
                    .setSnapshot(SnapshotRecord.newBuilder()
                            .setBlockHash(bytes(blockHash(number)))
                            .setCreatedAt(createdNanos))
                    .setZkProof(ZKProof.newBuilder()
                            .setProofHash(hex0x(sha256("proof", number)))
                            .setStarkProof(bytes(randomBytes(48)))
                            .setCommitment(bytes(sha256("commitment", number)))
                            .setCreatedAt(createdNanos));
            for (int index = 0, count = random.nextInt(4); index < count; index++) {
                Transaction tx = transaction(number, index);
                data.addTransactions(
                        DBTransaction.newBuilder().setTx(tx).setTxIndex(index).setCreatedAt(createdNanos));
                tagged.putAccounts(hex0x(tx.getFrom().toByteArray()), true);
            }
            if (number % 4 == 0) {
                String metadata =
                        "{\"chain\":\"sepolia\",\"tx\":\"" + hex0x(sha256("l1", number)) + "\",\"confirmations\":12}";
                data.setL1Finality(L1Finality.newBuilder()
                        .setConfirmation(bytes(sha256("l1", number)))
                        .addBlockNumbers(number - 3)
                        .addBlockNumbers(number - 2)
                        .addBlockNumbers(number - 1)
                        .addBlockNumbers(number)
                        .setMetadata(ByteString.copyFromUtf8(metadata))
                        .setCreatedAt(createdNanos));
            }
            page.addData(data);
        }
        return page.setTaggedaccounts(tagged).build();
    }

    private Transaction transaction(long block, int index) {
        byte[] from = randomBytes(20);
        byte[] to = randomBytes(20);
        boolean tokenTransfer = random.nextInt(3) == 0;
        byte[] data = new byte[0];
        BigInteger value = BigInteger.valueOf(random.nextLong(1, 1L << 60));
        if (tokenTransfer) {
            data = ByteBuffer.allocate(4 + 32 + 32)
                    .putInt(0xa9059cbb)
                    .position(4 + 12)
                    .put(randomBytes(20))
                    .put(new byte[24])
                    .putLong(random.nextLong(1, 1L << 50))
                    .array();
            value = BigInteger.ZERO;
        }
        long maxPriorityFee = random.nextLong(1, 3) * GWEI;
        long maxFee = maxPriorityFee + random.nextLong(10, 40) * GWEI;
        return Transaction.newBuilder()
                .setHash(bytes(sha256("tx", block * 1000 + index)))
                .setFrom(bytes(from))
                .setTo(bytes(to))
                .setValue(bytes(unsigned(value)))
                .setType(2)
                .setTimestamp(blockTime(block))
                .setChainId(bytes(unsigned(BigInteger.valueOf(CHAIN_ID))))
                .setNonce(random.nextLong(0, 5_000))
                .setGasLimit(tokenTransfer ? 65_000 : 21_000)
                .setGasPrice(bytes(unsigned(BigInteger.valueOf(maxFee))))
                .setMaxFee(bytes(unsigned(BigInteger.valueOf(maxFee))))
                .setMaxPriorityFee(bytes(unsigned(BigInteger.valueOf(maxPriorityFee))))
                .setData(bytes(data))
                .setV(bytes(new byte[] {(byte) random.nextInt(2)}))
                .setR(bytes(randomBytes(32)))
                .setS(bytes(randomBytes(32)))
                .build();
    }

    /** The JSON text of a finalised block, as the original node stores a PoTS block. */
    String blockJson(long number) {
        JsonArray commitment = new JsonArray(8);
        ByteBuffer commitmentWords = ByteBuffer.wrap(sha256("commitment", number));
        for (int i = 0; i < 8; i++) {
            commitment.add(Integer.toUnsignedLong(commitmentWords.getInt()));
        }
        JsonArray transactions = new JsonArray();
        for (int index = 0, count = random.nextInt(3); index < count; index++) {
            Transaction tx = transaction(number, index);
            JsonObject json = new JsonObject();
            json.addProperty("hash", hex0x(tx.getHash().toByteArray()));
            json.addProperty("from", hex0x(tx.getFrom().toByteArray()));
            json.addProperty("to", hex0x(tx.getTo().toByteArray()));
            json.addProperty("value", hex0x(tx.getValue().toByteArray()));
            json.addProperty("type", tx.getType());
            json.addProperty("timestamp", tx.getTimestamp());
            json.addProperty("chain_id", hex0x(tx.getChainId().toByteArray()));
            json.addProperty("nonce", tx.getNonce());
            json.addProperty("gas_limit", tx.getGasLimit());
            json.addProperty("max_fee", hex0x(tx.getMaxFee().toByteArray()));
            json.addProperty("max_priority_fee", hex0x(tx.getMaxPriorityFee().toByteArray()));
            json.addProperty("data", hex0x(tx.getData().toByteArray()));
            transactions.add(json);
        }
        JsonObject block = new JsonObject();
        block.addProperty("stark_proof", hex0x(randomBytes(48)));
        block.add("commitment", commitment);
        block.addProperty("proof_hash", hex0x(sha256("proof", number)));
        block.addProperty("status", "finalized");
        block.addProperty("txns_root", hex0x(sha256("txns", number)));
        block.add("transactions", transactions);
        block.addProperty("timestamp", blockTime(number));
        block.addProperty("extra_data", "");
        block.addProperty("state_root", hex0x(sha256("state", number)));
        block.addProperty("coinbase_addr", hex0x(validator(number)));
        block.addProperty("zkvm_addr", hex0x(ZKVM_ADDRESS));
        block.addProperty("prev_hash", hex0x(blockHash(number - 1)));
        block.addProperty("block_hash", hex0x(blockHash(number)));
        block.addProperty("gas_limit", GAS_LIMIT);
        block.addProperty("gas_used", gasUsed(number));
        block.addProperty("block_number", number);
        return JsonText.compact(block);
    }

    /** A random account address, "0x" and 40 hex digits. */
    String address() {
        return hex0x(randomBytes(20));
    }

    /** A random balance in wei, below about 4,700 coins. */
    BigInteger balance() {
        return new BigInteger(72, new java.util.Random(random.nextLong()));
    }

    byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    static Phase phase(String present, String next) {
        return Phase.newBuilder()
                .setPresentPhase(present)
                .setSuccessivePhase(next)
                .setSuccess(true)
                .build();
    }

    static io.rockwal.events.proto.Ack ack() {
        return io.rockwal.events.proto.Ack.newBuilder().setOk(true).build();
    }

    private static long gasUsed(long number) {
        return Integer.toUnsignedLong(ByteBuffer.wrap(sha256("gas", number)).getInt()) % GAS_LIMIT;
    }

    /** One of four validators, by turn. */
    private static byte[] validator(long number) {
        return addressOf(sha256("validator", Math.floorMod(number, 4)));
    }

    /** A big integer as the big-endian magnitude the payloads hold: no sign byte, empty for zero. */
    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        int skip = 0;
        while (skip < bytes.length && bytes[skip] == 0) {
            skip++;
        }
        return java.util.Arrays.copyOfRange(bytes, skip, bytes.length);
    }

    static byte[] sha256(String label, long number) {
        MessageDigest digest = sha256();
        digest.update(label.getBytes(StandardCharsets.US_ASCII));
        digest.update(ByteBuffer.allocate(8).putLong(number).array());
        return digest.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static ByteString bytes(byte[] bytes) {
        return ByteString.copyFrom(bytes);
    }

    private static String hex0x(byte[] bytes) {
        return "0x" + HEX.formatHex(bytes);
    }

    /** The last 20 bytes of a hash, as an address. */
    private static byte[] addressOf(byte[] hash) {
        return java.util.Arrays.copyOfRange(hash, hash.length - 20, hash.length);
    }
}
