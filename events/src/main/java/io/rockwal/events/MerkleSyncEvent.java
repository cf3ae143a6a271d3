package io.rockwal.events;

import io.rockwal.core.Event;
import io.rockwal.core.Operation;
import io.rockwal.core.WalType;
import io.rockwal.events.proto.MerkleMessage;
import java.util.Objects;

/**
 * A merkle snapshot message exchanged during merkle sync ({@code merkle.MerkleMessage}). Logged under
 * {@link WalType#MERKLE_SYNC}; the payload is the message's own protobuf bytes, so what is stored is
 * exactly what the original node's peers send and parse.
 *
 * <p>Immutable (protobuf messages are); equal to another event when the operation and the message are
 * equal field by field, unknown fields included.
 *
 * @param operation what the event did
 * @param message the protobuf payload
 */
public record MerkleSyncEvent(Operation operation, MerkleMessage message) implements Event {

    /**
     * Checks the components.
     *
     * @throws NullPointerException if {@code operation} or {@code message} is null; the message names it
     */
    public MerkleSyncEvent {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(message, "message");
    }

    /** Always {@link WalType#MERKLE_SYNC}. */
    @Override
    public WalType type() {
        return WalType.MERKLE_SYNC;
    }
}
