package io.rockwal.events;

import io.rockwal.core.Event;
import io.rockwal.core.EventCatalog;
import io.rockwal.core.EventCodec;
import io.rockwal.core.EventCodecException;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import java.util.Map;
import java.util.Objects;

/**
 * Turns stored entries back into events, and finds the codec for a type as the original's
 * {@code EventFactory(walType)} did.
 *
 * <p>Decoding chooses the codec by the entry's codec id, not by its type, so both events that share
 * {@link WalType#RECONCILIATION} come back as themselves: a {@link ReconciliationEvent} entry as a
 * {@code ReconciliationEvent}, a {@link ReconciliationBatchEvent} entry as a batch. (The original
 * decoded every reconciliation entry as a batch.) Thread-safe.
 */
public final class EventFactory {

    private static final Map<WalType, EventCodec<?>> CODEC_BY_TYPE = Map.of(
            WalType.HEADER_SYNC, StandardEvents.HEADER_SYNC,
            WalType.MERKLE_SYNC, StandardEvents.MERKLE_SYNC,
            WalType.PRIOR_SYNC, StandardEvents.PRIOR_SYNC,
            WalType.DATA_SYNC, StandardEvents.DATA_SYNC,
            WalType.ACCOUNT_SYNC, StandardEvents.ACCOUNT_SYNC,
            WalType.RECONCILIATION, StandardEvents.RECONCILIATION_BATCH,
            WalType.POTS, StandardEvents.POTS_BLOCK);

    private EventFactory() {}

    /**
     * Decodes an entry with the {@linkplain StandardEvents#catalog() standard catalogue}.
     *
     * @throws NullPointerException if {@code entry} is null
     * @throws EventCodecException naming the entry's type, LSN and codec id if no standard codec has that
     *     id (for example a node's own type: use {@link #decode(WalEntry, EventCatalog)}), if that codec
     *     writes another type, or if the payload does not decode
     */
    public static Event decode(WalEntry entry) {
        return StandardEvents.catalog().decode(entry);
    }

    /**
     * Decodes an entry with the given catalogue, for logs that hold a node's own types as well.
     *
     * @throws NullPointerException if an argument is null
     * @throws EventCodecException as {@link #decode(WalEntry)}, for the codecs of {@code catalog}
     */
    public static Event decode(WalEntry entry, EventCatalog catalog) {
        return Objects.requireNonNull(catalog, "catalog").decode(entry);
    }

    /**
     * The standard codec for a type, as the original's {@code EventFactory(walType)}. For
     * {@link WalType#RECONCILIATION} this is the batch codec, as in the original; it refuses single
     * {@link ReconciliationEvent} entries with an {@link EventCodecException}, so decode those (and any
     * entry) with {@link #decode(WalEntry)}, which picks the codec by the entry's codec id.
     *
     * @throws NullPointerException if {@code type} is null
     * @throws IllegalArgumentException if the type is not one of the seven standard types; the message
     *     names it
     */
    public static EventCodec<? extends Event> forType(WalType type) {
        Objects.requireNonNull(type, "type");
        EventCodec<?> codec = CODEC_BY_TYPE.get(type);
        if (codec == null) {
            throw new IllegalArgumentException(
                    "no standard codec for WAL type " + type + "; the standard types are " + WalType.standardTypes());
        }
        return codec;
    }
}
