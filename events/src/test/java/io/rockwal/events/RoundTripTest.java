package io.rockwal.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockwal.core.Event;
import io.rockwal.core.EventLog;
import io.rockwal.core.InMemoryEventLog;
import io.rockwal.core.Operation;
import io.rockwal.core.WalEntry;
import io.rockwal.events.proto.Account;
import io.rockwal.events.proto.SnapshotNode;
import io.rockwal.events.proto.Transaction;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RoundTripTest {

    static Stream<Event> oneOfEach() {
        return EventFixtures.oneOfEach().stream();
    }

    @ParameterizedTest
    @MethodSource("oneOfEach")
    void everyStandardEventDecodesToAnEqualEventOfTheSameClass(Event event) {
        WalEntry entry = EventFixtures.stored(event, 17);

        Event decoded = EventFactory.decode(entry);

        assertThat(decoded).isInstanceOf(event.getClass()).isEqualTo(event);
        assertThat(decoded.operation()).isEqualTo(entry.operation());
        assertThat(entry.type()).isEqualTo(event.type());
    }

    @Test
    void headerPageWithEveryFieldSetRoundTrips() {
        HeaderSyncEvent event = new HeaderSyncEvent(Operation.SYNC, ProtoFixtures.headerSyncResponse(64));

        HeaderSyncEvent decoded = (HeaderSyncEvent) EventFactory.decode(EventFixtures.stored(event, 1));

        assertThat(decoded).isEqualTo(event);
        assertThat(decoded.response().getHeaderList()).hasSize(64);
        assertThat(decoded.response().getHeader(63).getBlockNumber()).isEqualTo(1_063);
        assertThat(decoded.response().getHeader(0).getLogsBloom().size()).isEqualTo(256);
    }

    @Test
    void transactionsKeepTheirBigIntegerFieldsAndAccessLists() {
        DataSyncEvent event = new DataSyncEvent(Operation.DOWNLOAD, ProtoFixtures.dataSyncResponse(3, 4));

        DataSyncEvent decoded = (DataSyncEvent) EventFactory.decode(EventFixtures.stored(event, 2));

        assertThat(decoded).isEqualTo(event);
        Transaction transaction =
                decoded.response().getData(1).getTransactions(2).getTx(); // seed 2001 * 10 + 2
        assertThat(new BigInteger(1, transaction.getValue().toByteArray()))
                .isEqualTo(new BigInteger("1500000000000000000").add(BigInteger.valueOf(20_012)));
        assertThat(new BigInteger(1, transaction.getGasPrice().toByteArray())).isEqualTo(new BigInteger("30000000000"));
        assertThat(transaction.getAccessListList()).hasSize(2);
        assertThat(transaction.getAccessList(0).getStorageKeysList()).hasSize(2);
    }

    @Test
    void merkleSnapshotTreeOfDepthFiveRoundTrips() {
        MerkleSyncEvent event = EventFixtures.merkleSync();

        MerkleSyncEvent decoded = (MerkleSyncEvent) EventFactory.decode(EventFixtures.stored(event, 3));

        assertThat(decoded).isEqualTo(event);
        SnapshotNode node = decoded.message().getSnapshot().getPeaks(0);
        int depth = 1;
        while (node.hasRight()) {
            node = node.getRight();
            depth++;
        }
        assertThat(depth).isEqualTo(5);
        assertThat(node.getHasData()).isTrue();
        assertThat(node.getStart()).isEqualTo(15);
    }

    @Test
    void accountsKeepTheirStructMetadata() {
        AccountSyncEvent event = new AccountSyncEvent(Operation.APPEND, ProtoFixtures.accountSyncResponse(100));

        AccountSyncEvent decoded = (AccountSyncEvent) EventFactory.decode(EventFixtures.stored(event, 4));

        assertThat(decoded).isEqualTo(event);
        Account account = decoded.response().getAccounts(5);
        assertThat(account.getMetadata()).isEqualTo(ProtoFixtures.accountMetadata(5));
        assertThat(account.getMetadata()
                        .getFieldsOrThrow("limits")
                        .getStructValue()
                        .getFieldsOrThrow("daily")
                        .getNumberValue())
                .isEqualTo(1_005.5);
        assertThat(account.getMetadata().getFieldsOrThrow("tags").getListValue().getValuesCount())
                .isEqualTo(2);
    }

    @Test
    void reconciliationBatchOfHundredThousandAccountsRoundTrips() {
        ReconciliationBatchEvent event = EventFixtures.reconciliationBatch(100_000);

        WalEntry entry = EventFixtures.stored(event, 5);
        Event decoded = EventFactory.decode(entry);

        assertThat(decoded).isEqualTo(event);
        assertThat(entry.payloadSize()).isLessThan(100_000 * 64);
    }

    @Test
    void potsBlockOfOneMebibyteRoundTrips() {
        PoTSBlockEvent event = EventFixtures.potsBlock(1 << 20);

        WalEntry entry = EventFixtures.stored(event, 6);
        Event decoded = EventFactory.decode(entry);

        assertThat(decoded).isEqualTo(event);
        assertThat(entry.payloadSize()).isBetween(1 << 20, (1 << 20) + PoTSBlockSerializer.MAX_HEADER_BYTES);
    }

    @Test
    void singleAndBatchReconciliationEventsComeBackAsThemselves() {
        WalEntry single = EventFixtures.stored(EventFixtures.reconciliation(), 7);
        WalEntry batch = EventFixtures.stored(EventFixtures.reconciliationBatch(3), 8);

        assertThat(single.type()).isEqualTo(batch.type());
        assertThat(EventFactory.decode(single)).isEqualTo(EventFixtures.reconciliation());
        assertThat(EventFactory.decode(batch)).isEqualTo(EventFixtures.reconciliationBatch(3));
    }

    @Test
    void extremeNumbersRoundTripBitForBit() {
        List<Event> events = List.of(
                new ReconciliationEvent("", "", "", -1L, Long.MIN_VALUE),
                new ReconciliationEvent("a", "b", "c", Long.MIN_VALUE, -1L),
                new ReconciliationBatchEvent(List.of(), Long.MAX_VALUE),
                new PoTSBlockEvent(Operation.DELETE, -1L, new byte[0], Long.MIN_VALUE));

        for (Event event : events) {
            assertThat(EventFactory.decode(EventFixtures.stored(event, 9))).isEqualTo(event);
        }
    }

    @Test
    void decodingTakesTheOperationFromTheEntry() {
        WalEntry sync = EventFixtures.stored(EventFixtures.headerSync(), 10);
        WalEntry pots = EventFixtures.stored(EventFixtures.potsBlock(), 11);

        Event asDelete =
                EventFactory.decode(new WalEntry(10, sync.type(), Operation.DELETE, 0, sync.codecId(), sync.payload()));
        Event potsAsDownload = EventFactory.decode(
                new WalEntry(11, pots.type(), Operation.DOWNLOAD, 0, pots.codecId(), pots.payload()));

        assertThat(asDelete)
                .isEqualTo(new HeaderSyncEvent(
                        Operation.DELETE, EventFixtures.headerSync().response()));
        assertThat(potsAsDownload.operation()).isEqualTo(Operation.DOWNLOAD);
    }

    @Test
    void everyStandardEventRoundTripsThroughTheInMemoryLog() {
        List<Event> written = EventFixtures.oneOfEach();
        List<Event> replayed = new ArrayList<>();
        try (EventLog log = InMemoryEventLog.create(StandardEvents.catalog())) {
            written.forEach(log::write);
            log.flush();
            log.replay(entry -> replayed.add(EventFactory.decode(entry)));
        }
        assertThat(replayed).containsExactlyElementsOf(written);
    }

    @Test
    void concurrentCodecCallsShareThePooledKryoInstancesSafely() throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int task = 0; task < 8; task++) {
                int seed = task;
                results.add(executor.submit(() -> {
                    boolean allEqual = true;
                    for (int i = 0; i < 200; i++) {
                        Event event = i % 2 == 0
                                ? EventFixtures.reconciliationBatch(seed + i % 7)
                                : new PoTSBlockEvent(Operation.APPEND, seed * 1000L + i, new byte[i], i);
                        allEqual &= EventFactory.decode(EventFixtures.stored(event, i + 1))
                                .equals(event);
                    }
                    return allEqual;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            executor.shutdownNow();
        }
    }
}
