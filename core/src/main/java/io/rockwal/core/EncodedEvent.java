package io.rockwal.core;

import java.util.Objects;

/**
 * An event turned into what a log stores: its type, operation, the id of the codec that encoded it
 * and the payload bytes. Produced by {@link EventCatalog#encode(Event)}.
 *
 * @param type the entry type
 * @param operation what the event did
 * @param codecId the encoding codec's id
 * @param payload the encoded bytes, at most {@link EventLog#MAX_PAYLOAD_BYTES}; not copied, do not modify
 * @param indexKey the secondary key ({@link EventCodec#indexKey}), or null; not copied, do not modify
 */
public record EncodedEvent(WalType type, Operation operation, int codecId, byte[] payload, byte[] indexKey) {

    /** Checks that no component is null. */
    public EncodedEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(payload, "payload");
    }
}
