package io.rockwal.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockwal.core.Operation;
import io.rockwal.core.WalType;
import io.rockwal.events.proto.AccountSyncResponse;
import io.rockwal.events.proto.DataSyncResponse;
import io.rockwal.events.proto.HeaderSyncResponse;
import io.rockwal.events.proto.MerkleMessage;
import io.rockwal.events.proto.PriorSyncMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventsTest {

    @Test
    void protoEventsRejectANullOperationOrMessageByName() {
        assertThatThrownBy(() -> new HeaderSyncEvent(null, HeaderSyncResponse.getDefaultInstance()))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("operation");
        assertThatThrownBy(() -> new HeaderSyncEvent(Operation.SYNC, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("response");
        assertThatThrownBy(() -> new MerkleSyncEvent(Operation.SYNC, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("message");
        assertThatThrownBy(() -> new PriorSyncEvent(null, PriorSyncMessage.getDefaultInstance()))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("operation");
        assertThatThrownBy(() -> new DataSyncEvent(Operation.SYNC, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("response");
        assertThatThrownBy(() -> new AccountSyncEvent(Operation.SYNC, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("response");
    }

    @Test
    void everyEventReportsItsStandardType() {
        assertThat(new HeaderSyncEvent(Operation.SYNC, HeaderSyncResponse.getDefaultInstance()).type())
                .isEqualTo(WalType.HEADER_SYNC);
        assertThat(new MerkleSyncEvent(Operation.SYNC, MerkleMessage.getDefaultInstance()).type())
                .isEqualTo(WalType.MERKLE_SYNC);
        assertThat(new PriorSyncEvent(Operation.SYNC, PriorSyncMessage.getDefaultInstance()).type())
                .isEqualTo(WalType.PRIOR_SYNC);
        assertThat(new DataSyncEvent(Operation.SYNC, DataSyncResponse.getDefaultInstance()).type())
                .isEqualTo(WalType.DATA_SYNC);
        assertThat(new AccountSyncEvent(Operation.SYNC, AccountSyncResponse.getDefaultInstance()).type())
                .isEqualTo(WalType.ACCOUNT_SYNC);
        assertThat(EventFixtures.reconciliation().type()).isEqualTo(WalType.RECONCILIATION);
        assertThat(EventFixtures.reconciliationBatch(1).type()).isEqualTo(WalType.RECONCILIATION);
        assertThat(EventFixtures.potsBlock().type()).isEqualTo(WalType.POTS);
    }

    @Test
    void reconciliationEventsAreAlwaysUpdates() {
        assertThat(EventFixtures.reconciliation().operation()).isEqualTo(Operation.UPDATE);
        assertThat(EventFixtures.reconciliationBatch(0).operation()).isEqualTo(Operation.UPDATE);
    }

    @Test
    void reconciliationEventsRejectNullStringsByName() {
        assertThatThrownBy(() -> new ReconciliationEvent(null, "1", "2", 0, 0))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("accountAddress");
        assertThatThrownBy(() -> new ReconciliationEvent("a", null, "2", 0, 0))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("oldBalance");
        assertThatThrownBy(() -> new ReconciliationEvent("a", "1", null, 0, 0))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("newBalance");
        assertThatThrownBy(() -> new ReconciliationBatchEntry("a", null, 0))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("newBalance");
        assertThatThrownBy(() -> new ReconciliationBatchEvent(null, 0))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("accounts");
        assertThatThrownBy(() ->
                        new ReconciliationBatchEvent(Arrays.asList(new ReconciliationBatchEntry("a", "1", 0), null), 0))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("accounts");
    }

    @Test
    void batchKeepsAnImmutableCopyOfItsAccounts() {
        List<ReconciliationBatchEntry> accounts = new ArrayList<>(List.of(new ReconciliationBatchEntry("a", "1", 2)));
        ReconciliationBatchEvent event = new ReconciliationBatchEvent(accounts, 3);

        accounts.add(new ReconciliationBatchEntry("b", "4", 5));

        assertThat(event.accounts()).containsExactly(new ReconciliationBatchEntry("a", "1", 2));
        assertThatThrownBy(() -> event.accounts().add(new ReconciliationBatchEntry("c", "6", 7)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void potsBlockRejectsNullOperationOrDataByName() {
        assertThatThrownBy(() -> new PoTSBlockEvent(null, 1, new byte[0], 2))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("operation");
        assertThatThrownBy(() -> new PoTSBlockEvent(Operation.APPEND, 1, null, 2))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("blockData");
    }

    @Test
    void potsBlocksWithEqualContentAreEqualAndHashAlike() {
        PoTSBlockEvent first = new PoTSBlockEvent(Operation.APPEND, 7, new byte[] {1, 2, 3}, 9);
        PoTSBlockEvent second = new PoTSBlockEvent(Operation.APPEND, 7, new byte[] {1, 2, 3}, 9);

        assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
        assertThat(first).isNotEqualTo(new PoTSBlockEvent(Operation.APPEND, 7, new byte[] {1, 2, 4}, 9));
        assertThat(first).isNotEqualTo(new PoTSBlockEvent(Operation.SYNC, 7, new byte[] {1, 2, 3}, 9));
        assertThat(first).isNotEqualTo(new PoTSBlockEvent(Operation.APPEND, 8, new byte[] {1, 2, 3}, 9));
        assertThat(first).isNotEqualTo(new PoTSBlockEvent(Operation.APPEND, 7, new byte[] {1, 2, 3}, 10));
    }

    @Test
    void potsBlockCopiesItsDataInAndOut() {
        byte[] data = {1, 2, 3};
        PoTSBlockEvent event = new PoTSBlockEvent(Operation.APPEND, 7, data, 9);

        data[0] = 42;
        event.blockData()[1] = 42;

        assertThat(event.blockData()).containsExactly(1, 2, 3);
        assertThat(event.blockDataSize()).isEqualTo(3);
    }

    @Test
    void potsBlockPrintsTheDataSizeNotTheData() {
        PoTSBlockEvent event = new PoTSBlockEvent(Operation.APPEND, -1L, new byte[1_234], 9);

        assertThat(event.toString())
                .contains("blockData=1234 bytes")
                .contains("blockNumber=18446744073709551615")
                .doesNotContain("[B@");
    }
}
