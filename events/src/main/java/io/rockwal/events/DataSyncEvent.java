package io.rockwal.events;

import io.rockwal.core.Event;
import io.rockwal.core.Operation;
import io.rockwal.core.WalType;
import io.rockwal.events.proto.DataSyncResponse;
import java.util.Objects;

/**
 * One page of non-header block data received during data sync ({@code datasync.DataSyncResponse}). Logged
 * under {@link WalType#DATA_SYNC}; the payload is the message's own protobuf bytes, so what is stored is
 * exactly what the original node's peers send and parse.
 *
 * <p>Immutable (protobuf messages are); equal to another event when the operation and the message are
 * equal field by field, unknown fields included.
 *
 * @param operation what the event did
 * @param response the protobuf payload
 */
public record DataSyncEvent(Operation operation, DataSyncResponse response) implements Event {

    /**
     * Checks the components.
     *
     * @throws NullPointerException if {@code operation} or {@code response} is null; the message names it
     */
    public DataSyncEvent {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(response, "response");
    }

    /** Always {@link WalType#DATA_SYNC}. */
    @Override
    public WalType type() {
        return WalType.DATA_SYNC;
    }
}
