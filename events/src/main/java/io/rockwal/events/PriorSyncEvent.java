package io.rockwal.events;

import io.rockwal.core.Event;
import io.rockwal.core.Operation;
import io.rockwal.core.WalType;
import io.rockwal.events.proto.PriorSyncMessage;
import java.util.Objects;

/**
 * A prior sync message: the state a sync starts from ({@code priorsync.PriorSyncMessage}). Logged under
 * {@link WalType#PRIOR_SYNC}; the payload is the message's own protobuf bytes, so what is stored is exactly
 * what the original node's peers send and parse.
 *
 * <p>Immutable (protobuf messages are); equal to another event when the operation and the message are
 * equal field by field, unknown fields included.
 *
 * @param operation what the event did
 * @param message the protobuf payload
 */
public record PriorSyncEvent(Operation operation, PriorSyncMessage message) implements Event {

    /**
     * Checks the components.
     *
     * @throws NullPointerException if {@code operation} or {@code message} is null; the message names it
     */
    public PriorSyncEvent {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(message, "message");
    }

    /** Always {@link WalType#PRIOR_SYNC}. */
    @Override
    public WalType type() {
        return WalType.PRIOR_SYNC;
    }
}
