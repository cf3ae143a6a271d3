package io.rockwal.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockwal.core.EncodedEvent;
import io.rockwal.core.Event;
import io.rockwal.core.EventCatalog;
import io.rockwal.core.EventCodec;
import io.rockwal.core.EventCodecException;
import io.rockwal.core.Operation;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import io.rockwal.events.proto.Checksum;
import org.junit.jupiter.api.Test;

class EventFactoryTest {

    private static final WalType CHECKSUMS = WalType.of("node:checksum");

    /** A node's own event type, carried by a protobuf message. */
    record ChecksumEvent(Operation operation, Checksum checksum) implements Event {
        @Override
        public WalType type() {
            return CHECKSUMS;
        }
    }

    private static final ProtobufEventCodec<ChecksumEvent, Checksum> CHECKSUM_CODEC = new ProtobufEventCodec<>(
            EventCodec.FIRST_CUSTOM_ID,
            CHECKSUMS,
            ChecksumEvent.class,
            Checksum.parser(),
            ChecksumEvent::checksum,
            ChecksumEvent::new);

    @Test
    void forTypeReturnsTheStandardCodecOfEachType() {
        assertThat(EventFactory.forType(WalType.HEADER_SYNC).eventClass()).isEqualTo(HeaderSyncEvent.class);
        assertThat(EventFactory.forType(WalType.MERKLE_SYNC).eventClass()).isEqualTo(MerkleSyncEvent.class);
        assertThat(EventFactory.forType(WalType.PRIOR_SYNC).eventClass()).isEqualTo(PriorSyncEvent.class);
        assertThat(EventFactory.forType(WalType.DATA_SYNC).eventClass()).isEqualTo(DataSyncEvent.class);
        assertThat(EventFactory.forType(WalType.ACCOUNT_SYNC).eventClass()).isEqualTo(AccountSyncEvent.class);
        assertThat(EventFactory.forType(WalType.POTS).eventClass()).isEqualTo(PoTSBlockEvent.class);
        for (WalType type : WalType.standardTypes()) {
            assertThat(EventFactory.forType(type).type()).isEqualTo(type);
        }
    }

    @Test
    void forTypeGivesTheBatchCodecForReconciliationAsTheOriginalDid() {
        assertThat(EventFactory.forType(WalType.RECONCILIATION).eventClass()).isEqualTo(ReconciliationBatchEvent.class);
    }

    @Test
    void forTypeRejectsATypeThatIsNotStandard() {
        assertThatThrownBy(() -> EventFactory.forType(CHECKSUMS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("node:checksum");
    }

    @Test
    void standardCatalogueHoldsTheEightCodecsUnderTheirFixedIds() {
        EventCatalog catalog = StandardEvents.catalog();

        assertThat(catalog.codecs()).extracting(EventCodec::id).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(catalog.codecs())
                .<Object>extracting(EventCodec::eventClass)
                .containsExactly(
                        HeaderSyncEvent.class,
                        MerkleSyncEvent.class,
                        PriorSyncEvent.class,
                        DataSyncEvent.class,
                        AccountSyncEvent.class,
                        ReconciliationEvent.class,
                        ReconciliationBatchEvent.class,
                        PoTSBlockEvent.class);
        assertThat(catalog.types()).containsExactlyInAnyOrderElementsOf(WalType.standardTypes());
        assertThat(StandardEvents.catalog()).isSameAs(catalog);
    }

    @Test
    void nodeRegistersItsOwnTypeOnTopOfTheStandardCatalogue() {
        EventCatalog catalog =
                StandardEvents.catalog().toBuilder().add(CHECKSUM_CODEC).build();
        ChecksumEvent event = new ChecksumEvent(Operation.APPEND, ProtoFixtures.checksum());

        EncodedEvent encoded = catalog.encode(event);
        WalEntry entry = new WalEntry(3, encoded.type(), encoded.operation(), 0, encoded.codecId(), encoded.payload());

        assertThat(encoded.codecId()).isEqualTo(EventCodec.FIRST_CUSTOM_ID);
        assertThat(encoded.payload()).isEqualTo(ProtoFixtures.checksum().toByteArray());
        assertThat(EventFactory.decode(entry, catalog)).isEqualTo(event);
        assertThat(EventFactory.decode(EventFixtures.stored(EventFixtures.potsBlock(), 4), catalog))
                .isEqualTo(EventFixtures.potsBlock());
    }

    @Test
    void standardDecodeRejectsACustomTypeWithItsTypeLsnAndCodecId() {
        WalEntry entry = new WalEntry(
                5,
                CHECKSUMS,
                Operation.APPEND,
                0,
                EventCodec.FIRST_CUSTOM_ID,
                ProtoFixtures.checksum().toByteArray());

        assertThatThrownBy(() -> EventFactory.decode(entry)).isInstanceOfSatisfying(EventCodecException.class, e -> {
            assertThat(e.type()).isEqualTo(CHECKSUMS);
            assertThat(e.lsn()).isEqualTo(5);
            assertThat(e.codecId()).isEqualTo(EventCodec.FIRST_CUSTOM_ID);
        });
    }

    @Test
    void protobufCodecRejectsAnIdOutsideTheCodecRange() {
        assertThatThrownBy(() -> new ProtobufEventCodec<>(
                        0,
                        CHECKSUMS,
                        ChecksumEvent.class,
                        Checksum.parser(),
                        ChecksumEvent::checksum,
                        ChecksumEvent::new))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProtobufEventCodec<>(
                        EventCodec.MAX_ID + 1,
                        CHECKSUMS,
                        ChecksumEvent.class,
                        Checksum.parser(),
                        ChecksumEvent::checksum,
                        ChecksumEvent::new))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void protobufCodecStoresExactlyTheMessageBytes() {
        HeaderSyncEvent event = EventFixtures.headerSync();

        assertThat(StandardEvents.catalog().encode(event).payload())
                .isEqualTo(event.response().toByteArray());
    }
}
