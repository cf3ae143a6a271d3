package io.rockwal.events;

import io.rockwal.core.EncodedEvent;
import io.rockwal.core.Event;
import io.rockwal.core.Operation;
import io.rockwal.core.WalEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Deterministic events of every standard class, small enough to check in as golden vectors. */
final class EventFixtures {

    static final long TIMESTAMP = 1_747_000_000_123L;

    private EventFixtures() {}

    static HeaderSyncEvent headerSync() {
        return new HeaderSyncEvent(Operation.SYNC, ProtoFixtures.headerSyncResponse(2));
    }

    static MerkleSyncEvent merkleSync() {
        return new MerkleSyncEvent(Operation.SYNC, ProtoFixtures.merkleMessage());
    }

    static PriorSyncEvent priorSync() {
        return new PriorSyncEvent(Operation.REQUEST, ProtoFixtures.priorSyncMessage());
    }

    static DataSyncEvent dataSync() {
        return new DataSyncEvent(Operation.DOWNLOAD, ProtoFixtures.dataSyncResponse(2, 2));
    }

    static AccountSyncEvent accountSync() {
        return new AccountSyncEvent(Operation.APPEND, ProtoFixtures.accountSyncResponse(2));
    }

    static ReconciliationEvent reconciliation() {
        return new ReconciliationEvent(
                "0x71c7656ec7ab88b098defb751b7401b5f6d8976f",
                "1000000000000000000",
                "999979000000000000",
                -2L,
                TIMESTAMP);
    }

    static ReconciliationBatchEvent reconciliationBatch(int accounts) {
        List<ReconciliationBatchEntry> entries = new ArrayList<>(accounts);
        for (int i = 0; i < accounts; i++) {
            entries.add(new ReconciliationBatchEntry(address(i), Long.toString(1_000_000_000_000L + i * 7919L), i));
        }
        return new ReconciliationBatchEvent(entries, TIMESTAMP);
    }

    /** A batch whose entries exercise the edges: non-ASCII, empty text, the largest unsigned nonce. */
    static ReconciliationBatchEvent reconciliationBatchWithEdges() {
        return new ReconciliationBatchEvent(
                List.of(
                        new ReconciliationBatchEntry(address(1), "42", 0),
                        new ReconciliationBatchEntry("did:jmdt:zoë-€-\uD83D\uDE00", "", 300),
                        new ReconciliationBatchEntry(address(2), "18446744073709551615", -1L)),
                TIMESTAMP);
    }

    static PoTSBlockEvent potsBlock() {
        byte[] json =
                "{\"block_number\":4242,\"status\":\"finalized\",\"transactions\":[]}".getBytes(StandardCharsets.UTF_8);
        return new PoTSBlockEvent(Operation.APPEND, 4242, json, TIMESTAMP);
    }

    static PoTSBlockEvent potsBlock(int dataBytes) {
        return new PoTSBlockEvent(
                Operation.APPEND, 1L << 40, ProtoFixtures.bytes(dataBytes, 9).toByteArray(), TIMESTAMP);
    }

    /** One event of every standard class, in codec id order. */
    static List<Event> oneOfEach() {
        return List.of(
                headerSync(),
                merkleSync(),
                priorSync(),
                dataSync(),
                accountSync(),
                reconciliation(),
                reconciliationBatchWithEdges(),
                potsBlock());
    }

    /** The entry a log would hold for the event at the given LSN, encoded with the standard catalogue. */
    static WalEntry stored(Event event, long lsn) {
        EncodedEvent encoded = StandardEvents.catalog().encode(event);
        return new WalEntry(lsn, encoded.type(), encoded.operation(), TIMESTAMP, encoded.codecId(), encoded.payload());
    }

    /** An entry holding the given payload as if {@code like}'s codec had written it. */
    static WalEntry withPayload(WalEntry like, byte[] payload) {
        return new WalEntry(like.lsn(), like.type(), like.operation(), like.timestampMillis(), like.codecId(), payload);
    }

    /** A 42-character hexadecimal address that depends on {@code n}. */
    static String address(int n) {
        return String.format("0x%040x", 0x71c7656ec7ab88b0L * (n + 1) & Long.MAX_VALUE);
    }
}
