package io.rockwal.rocks.tool;

import com.google.protobuf.ByteString;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.rockwal.core.Event;
import io.rockwal.core.EventLog;
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
import io.rockwal.events.proto.HeaderSyncResponse;
import io.rockwal.events.proto.MerkleMessage;
import io.rockwal.events.proto.MerkleSnapshot;
import io.rockwal.events.proto.SnapshotConfig;
import io.rockwal.events.proto.SnapshotNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a small, realistic sync session of a node, in the order a node syncs: a prior sync request and
 * answer, pages of block headers, a merkle snapshot over them, pages of block data with transactions,
 * pages of missing accounts, a reconciliation batch of {@value #BATCH_ACCOUNTS} accounts and a few single
 * reconciliations, then the finalised blocks of the PoTS window; with a checkpoint after each phase.
 *
 * <p>The chain is a pure function of the block number ({@link DemoChain}), so a session appended to a
 * store continues the chain of the session before it. Other contents (addresses, balances, transactions)
 * come from a random generator seeded with the session's first block number.
 */
final class DemoSession {

    /** The fewest events that hold every phase. */
    static final int MIN_EVENTS = 12;

    static final int BATCH_ACCOUNTS = 1_000;
    static final int SINGLE_RECONCILIATIONS = 3;

    /**
     * What a session wrote.
     *
     * @param firstLsn the first LSN written
     * @param lastLsn the last LSN written
     * @param firstBlock the first block number synced
     * @param lastBlock the last block number written (the last PoTS block)
     * @param checkpoints the checkpoints taken, oldest first
     * @param entriesByType how many entries of each type, in the order first written
     */
    record Written(
            long firstLsn,
            long lastLsn,
            long firstBlock,
            long lastBlock,
            List<Long> checkpoints,
            Map<String, Long> entriesByType) {}

    private final EventLog log;
    private final SplittableRandom random;
    private final long firstBlock;
    private final long nowSeconds;
    private final Map<String, Long> entriesByType = new LinkedHashMap<>();
    private final List<Long> checkpoints = new ArrayList<>();
    private long firstLsn;
    private long lastLsn;

    /**
     * @param log where to write
     * @param firstBlock the first block number of the header sync
     * @param nowMillis the current time; blocks are stamped two seconds apart, up to it
     */
    DemoSession(EventLog log, long firstBlock, long nowMillis) {
        this.log = log;
        this.random = new SplittableRandom(firstBlock);
        this.firstBlock = firstBlock;
        this.nowSeconds = nowMillis / 1000;
    }

    /** Writes about {@code events} entries (at least {@value #MIN_EVENTS}) and the checkpoints. */
    Written write(int events) {
        if (events < MIN_EVENTS) {
            throw new IllegalArgumentException("a session needs at least " + MIN_EVENTS + " events, was " + events);
        }
        int rest = events - 4 - 1 - SINGLE_RECONCILIATIONS;
        int headerPages = Math.max(1, rest * 35 / 100);
        int dataPages = Math.max(1, rest * 25 / 100);
        int accountPages = Math.max(1, rest * 15 / 100);
        int potsBlocks = rest - headerPages - dataPages - accountPages;

        List<List<Long>> headerPageBlocks = new ArrayList<>();
        List<Long> synced = new ArrayList<>();
        long block = firstBlock;
        for (int page = 0; page < headerPages; page++) {
            List<Long> numbers = new ArrayList<>();
            for (int i = 0, headers = 4 + random.nextInt(5); i < headers; i++) {
                numbers.add(block++);
            }
            headerPageBlocks.add(numbers);
            synced.addAll(numbers);
        }
        long lastSynced = block - 1;
        long lastBlock = lastSynced + potsBlocks;
        DemoChain chain = new DemoChain(random, nowSeconds - 2 * lastBlock);

        write(new PriorSyncEvent(Operation.REQUEST, chain.priorSyncRequest(firstBlock, lastSynced)));
        write(new PriorSyncEvent(Operation.SYNC, chain.priorSyncAnswer(firstBlock, lastSynced)));
        for (List<Long> numbers : headerPageBlocks) {
            HeaderSyncResponse.Builder response = HeaderSyncResponse.newBuilder()
                    .setVersion(1)
                    .setAck(Ack.newBuilder().setOk(true))
                    .setPhase(DemoChain.phase("headersync", "merklesync"));
            numbers.forEach(number -> response.addHeader(chain.header(number)));
            write(new HeaderSyncEvent(Operation.DOWNLOAD, response.build()));
        }
        checkpoint();

        write(new MerkleSyncEvent(
                Operation.REQUEST,
                MerkleMessage.newBuilder()
                        .setPhase(DemoChain.phase("merklesync", "datasync"))
                        .build()));
        write(new MerkleSyncEvent(
                Operation.DOWNLOAD,
                MerkleMessage.newBuilder()
                        .setSnapshot(snapshot(chain, synced))
                        .setAck(Ack.newBuilder().setOk(true))
                        .setPhase(DemoChain.phase("merklesync", "datasync"))
                        .build()));
        for (int page = 0; page < dataPages; page++) {
            List<Long> blocks = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                blocks.add(synced.get((page * 3 + i) % synced.size()));
            }
            write(new DataSyncEvent(Operation.DOWNLOAD, chain.dataPage(blocks)));
        }
        checkpoint();

        for (int page = 0; page < accountPages; page++) {
            write(new AccountSyncEvent(Operation.DOWNLOAD, accountPage(chain, page)));
        }
        write(reconciliationBatch(chain));
        for (int i = 0; i < SINGLE_RECONCILIATIONS; i++) {
            BigInteger old = chain.balance();
            BigInteger delta = BigInteger.valueOf(random.nextLong(1, 1L << 50));
            write(new ReconciliationEvent(
                    chain.address(),
                    old.toString(),
                    old.add(delta).toString(),
                    random.nextLong(0, 5_000),
                    nowSeconds * 1000));
        }
        checkpoint();

        for (long number = lastSynced + 1; number <= lastBlock; number++) {
            write(new PoTSBlockEvent(
                    Operation.APPEND,
                    number,
                    chain.blockJson(number).getBytes(StandardCharsets.UTF_8),
                    chain.blockTime(number) * 1000));
        }
        checkpoint();
        return new Written(firstLsn, lastLsn, firstBlock, lastBlock, List.copyOf(checkpoints), entriesByType);
    }

    private MerkleSnapshot snapshot(DemoChain chain, List<Long> synced) {
        int leaves = Math.min(8, Integer.highestOneBit(synced.size()));
        SnapshotNode peak = chain.merkleTree(synced.subList(0, leaves));
        MerkleSnapshot.Builder snapshot = MerkleSnapshot.newBuilder()
                .setVersion(1)
                .setConfig(SnapshotConfig.newBuilder().setBlockMerge(leaves).setExpectedTotal(synced.size()))
                .setTotalBlocks(synced.size())
                .setExpectedNextHeight(synced.get(synced.size() - 1) + 1)
                .setEnforceHeights(true)
                .setInChunkStart(synced.get(leaves - 1) + 1)
                .addPeaks(peak);
        for (Long number : synced.subList(leaves, Math.min(synced.size(), leaves + 3))) {
            snapshot.addInChunkElems(ByteString.copyFrom(DemoChain.blockHash(number)));
        }
        return snapshot.build();
    }

    private AccountSyncResponse accountPage(DemoChain chain, int page) {
        AccountSyncResponse.Builder response = AccountSyncResponse.newBuilder()
                .setPageIndex(page)
                .setAck(Ack.newBuilder().setOk(true))
                .setPhase(DemoChain.phase("accountsync", "reconciliation"));
        String[] labels = {"exchange-hot-wallet", "validator", "bridge", "treasury", "user"};
        for (int i = 0, n = 5 + random.nextInt(6); i < n; i++) {
            byte[] address = chain.randomBytes(20);
            boolean did = random.nextInt(3) == 0;
            long created = nowSeconds - random.nextLong(86_400, 400L * 86_400);
            Struct metadata = Struct.newBuilder()
                    .putFields(
                            "label",
                            Value.newBuilder()
                                    .setStringValue(
                                            labels[random.nextInt(labels.length)] + "-" + (1 + random.nextInt(9)))
                                    .build())
                    .putFields(
                            "kyc",
                            Value.newBuilder()
                                    .setBoolValue(random.nextBoolean())
                                    .build())
                    .putFields(
                            "tier",
                            Value.newBuilder()
                                    .setNumberValue(1 + random.nextInt(3))
                                    .build())
                    .putFields(
                            "tags",
                            Value.newBuilder()
                                    .setListValue(ListValue.newBuilder()
                                            .addValues(Value.newBuilder().setStringValue(did ? "did" : "eoa"))
                                            .addValues(Value.newBuilder().setStringValue("synced")))
                                    .build())
                    .build();
            response.addAccounts(Account.newBuilder()
                    .setAddress(ByteString.copyFrom(address))
                    .setDidAddress(
                            did ? "did:jmdt:0x" + java.util.HexFormat.of().formatHex(address) : "")
                    .setBalance(chain.balance().toString())
                    .setNonce(random.nextLong(0, 10_000))
                    .setAccountType(did ? "did" : "publickey")
                    .setCreatedAt(created)
                    .setUpdatedAt(created + random.nextLong(0, nowSeconds - created + 1))
                    .setMetadata(metadata));
        }
        return response.build();
    }

    private ReconciliationBatchEvent reconciliationBatch(DemoChain chain) {
        List<ReconciliationBatchEntry> accounts = new ArrayList<>(BATCH_ACCOUNTS);
        for (int i = 0; i < BATCH_ACCOUNTS; i++) {
            accounts.add(new ReconciliationBatchEntry(
                    chain.address(), chain.balance().toString(), random.nextLong(0, 10_000)));
        }
        return new ReconciliationBatchEvent(accounts, nowSeconds * 1000);
    }

    private void write(Event event) {
        long lsn = log.write(event);
        if (firstLsn == 0) {
            firstLsn = lsn;
        }
        lastLsn = lsn;
        entriesByType.merge(event.type().name(), 1L, Long::sum);
    }

    private void checkpoint() {
        checkpoints.add(log.createCheckpoint());
    }
}
