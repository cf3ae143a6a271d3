package io.rockwal.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockwal.core.Event;
import io.rockwal.core.Operation;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Compares the payload rockwal stores for a representative event of each type with what the original
 * stores for the same event (see {@link OriginalJsonEncoding}), and prints the table. The original's
 * sizes assume a seven-digit LSN and a nanosecond timestamp in the entry.
 */
class EncodedSizeComparisonTest {

    private static final long LSN = 1_234_567;
    private static final long ENTRY_TIMESTAMP_NANOS = 1_747_000_000_123_456_789L;

    private static Map<String, Event> representativeEvents() {
        Map<String, Event> events = new LinkedHashMap<>();
        events.put("HeaderSync: 32 headers", new HeaderSyncEvent(Operation.SYNC, ProtoFixtures.headerSyncResponse(32)));
        events.put("MerkleSync: snapshot, 2 peak trees (31 + 3 nodes)", EventFixtures.merkleSync());
        events.put("PriorSync: state, snapshot, node info, request", EventFixtures.priorSync());
        events.put(
                "DataSync: 8 blocks x 4 transactions",
                new DataSyncEvent(Operation.DOWNLOAD, ProtoFixtures.dataSyncResponse(8, 4)));
        events.put(
                "AccountSync: 100 accounts with metadata",
                new AccountSyncEvent(Operation.APPEND, ProtoFixtures.accountSyncResponse(100)));
        events.put("Reconciliation: one account", EventFixtures.reconciliation());
        events.put("ReconciliationBatch: 100,000 accounts", EventFixtures.reconciliationBatch(100_000));
        events.put("PoTSBlock: 16 KiB block", EventFixtures.potsBlock(16 * 1024));
        return events;
    }

    @Test
    void originalEncodingIsRebuiltAsGoMarshalsIt() {
        ReconciliationEvent event = new ReconciliationEvent("0xa<b>", "1", "2", -1L, 5);

        assertThat(new String(OriginalJsonEncoding.event(event, 7), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"wal:reconciliation\",\"lsn\":7,\"operation\":\"UPDATE\","
                        + "\"account_address\":\"0xa\\u003cb\\u003e\",\"old_balance\":\"1\",\"new_balance\":\"2\","
                        + "\"nonce\":18446744073709551615,\"timestamp\":5}");
        assertThat(new String(OriginalJsonEncoding.entry(event, 7, 9), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"wal:reconciliation\",\"data\":\""
                        + Base64.getEncoder().encodeToString(OriginalJsonEncoding.event(event, 7))
                        + "\",\"lsn\":7,\"timestamp\":9}");
    }

    @Test
    void everyEventIsStoredSmallerThanTheOriginalStoresIt() {
        StringBuilder table = new StringBuilder()
                .append("| event | rockwal payload (bytes) | original entry JSON (bytes) | ratio |\n")
                .append("|---|---:|---:|---:|\n");
        for (Map.Entry<String, Event> row : representativeEvents().entrySet()) {
            int ours = StandardEvents.catalog().encode(row.getValue()).payload().length;
            int original = OriginalJsonEncoding.entry(row.getValue(), LSN, ENTRY_TIMESTAMP_NANOS).length;

            assertThat(ours).as(row.getKey()).isLessThan(original);
            table.append(String.format(
                    "| %s | %,d | %,d | %.2f |%n", row.getKey(), ours, original, (double) original / ours));
        }
        System.out.print(table);
    }
}
