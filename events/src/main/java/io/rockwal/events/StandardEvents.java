package io.rockwal.events;

import io.rockwal.core.EventCatalog;
import io.rockwal.core.EventCodec;
import io.rockwal.core.IndexKeys;
import io.rockwal.core.WalType;
import io.rockwal.events.proto.AccountSyncResponse;
import io.rockwal.events.proto.DataSyncResponse;
import io.rockwal.events.proto.HeaderSyncResponse;
import io.rockwal.events.proto.MerkleMessage;
import io.rockwal.events.proto.PriorSyncMessage;

/**
 * The catalogue of rockwal's eight standard events, one codec each, with the codec ids of the table in
 * the package documentation. A node adds its own types on top:
 *
 * <pre>{@code
 * EventCatalog catalog = StandardEvents.catalog().toBuilder()
 *         .add(myCodec)   // codec id 1000 or above, its own WalType
 *         .build();
 * }</pre>
 */
public final class StandardEvents {

    static final EventCodec<HeaderSyncEvent> HEADER_SYNC = new ProtobufEventCodec<>(
            CodecIds.HEADER_SYNC,
            WalType.HEADER_SYNC,
            HeaderSyncEvent.class,
            HeaderSyncResponse.parser(),
            HeaderSyncEvent::response,
            HeaderSyncEvent::new);

    static final EventCodec<MerkleSyncEvent> MERKLE_SYNC = new ProtobufEventCodec<>(
            CodecIds.MERKLE_SYNC,
            WalType.MERKLE_SYNC,
            MerkleSyncEvent.class,
            MerkleMessage.parser(),
            MerkleSyncEvent::message,
            MerkleSyncEvent::new);

    static final EventCodec<PriorSyncEvent> PRIOR_SYNC = new ProtobufEventCodec<>(
            CodecIds.PRIOR_SYNC,
            WalType.PRIOR_SYNC,
            PriorSyncEvent.class,
            PriorSyncMessage.parser(),
            PriorSyncEvent::message,
            PriorSyncEvent::new);

    static final EventCodec<DataSyncEvent> DATA_SYNC = new ProtobufEventCodec<>(
            CodecIds.DATA_SYNC,
            WalType.DATA_SYNC,
            DataSyncEvent.class,
            DataSyncResponse.parser(),
            DataSyncEvent::response,
            DataSyncEvent::new);

    static final EventCodec<AccountSyncEvent> ACCOUNT_SYNC = new ProtobufEventCodec<>(
            CodecIds.ACCOUNT_SYNC,
            WalType.ACCOUNT_SYNC,
            AccountSyncEvent.class,
            AccountSyncResponse.parser(),
            AccountSyncEvent::response,
            AccountSyncEvent::new);

    static final EventCodec<ReconciliationEvent> RECONCILIATION = new KryoCodec<>(
            CodecIds.RECONCILIATION,
            WalType.RECONCILIATION,
            ReconciliationEvent.class,
            ReconciliationSerializer::sizeHint);

    static final EventCodec<ReconciliationBatchEvent> RECONCILIATION_BATCH = new KryoCodec<>(
            CodecIds.RECONCILIATION_BATCH,
            WalType.RECONCILIATION,
            ReconciliationBatchEvent.class,
            ReconciliationBatchSerializer::sizeHint);

    /** PoTS blocks are indexed by block number: find a block, or a range of them, without a replay. */
    static final EventCodec<PoTSBlockEvent> POTS_BLOCK = new KryoCodec<>(
            CodecIds.POTS_BLOCK,
            WalType.POTS,
            PoTSBlockEvent.class,
            PoTSBlockSerializer::sizeHint,
            event -> IndexKeys.ofUnsignedLong(event.blockNumber()));

    private static final EventCatalog CATALOG = EventCatalog.builder()
            .add(HEADER_SYNC)
            .add(MERKLE_SYNC)
            .add(PRIOR_SYNC)
            .add(DATA_SYNC)
            .add(ACCOUNT_SYNC)
            .add(RECONCILIATION)
            .add(RECONCILIATION_BATCH)
            .add(POTS_BLOCK)
            .build();

    private StandardEvents() {}

    /**
     * The catalogue of the eight standard codecs, in codec id order; one shared immutable instance. It
     * covers the seven standard {@link WalType}s (the two reconciliation events share theirs).
     */
    public static EventCatalog catalog() {
        return CATALOG;
    }
}
