package io.rockwal.events;

import io.rockwal.core.Event;
import io.rockwal.core.Operation;
import io.rockwal.core.WalType;
import io.rockwal.events.proto.HeaderSyncResponse;
import java.util.Objects;

/**
 * One page of block headers received during header sync ({@code headersync.HeaderSyncResponse}). Logged
 * under {@link WalType#HEADER_SYNC}; the payload is the message's own protobuf bytes, so what is stored is
 * exactly what the original node's peers send and parse.
 *
 * <p>Immutable (protobuf messages are); equal to another event when the operation and the message are
 * equal field by field, unknown fields included.
 *
 * @param operation what the event did
 * @param response the protobuf payload
 */
public record HeaderSyncEvent(Operation operation, HeaderSyncResponse response) implements Event {

    /**
     * Checks the components.
     *
     * @throws NullPointerException if {@code operation} or {@code response} is null; the message names it
     */
    public HeaderSyncEvent {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(response, "response");
    }

    /** Always {@link WalType#HEADER_SYNC}. */
    @Override
    public WalType type() {
        return WalType.HEADER_SYNC;
    }
}
