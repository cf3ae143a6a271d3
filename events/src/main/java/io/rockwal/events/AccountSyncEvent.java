package io.rockwal.events;

import io.rockwal.core.Event;
import io.rockwal.core.Operation;
import io.rockwal.core.WalType;
import io.rockwal.events.proto.AccountSyncResponse;
import java.util.Objects;

/**
 * One page of missing accounts delivered during account sync ({@code accounts.AccountSyncResponse}), logged
 * before the accounts are stored so that a restart can store them again (creating an account is
 * idempotent). Logged under {@link WalType#ACCOUNT_SYNC}; the payload is the message's own protobuf bytes,
 * so what is stored is exactly what the original node's peers send and parse.
 *
 * <p>Immutable (protobuf messages are); equal to another event when the operation and the message are
 * equal field by field, unknown fields included.
 *
 * @param operation what the event did
 * @param response the protobuf payload
 */
public record AccountSyncEvent(Operation operation, AccountSyncResponse response) implements Event {

    /**
     * Checks the components.
     *
     * @throws NullPointerException if {@code operation} or {@code response} is null; the message names it
     */
    public AccountSyncEvent {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(response, "response");
    }

    /** Always {@link WalType#ACCOUNT_SYNC}. */
    @Override
    public WalType type() {
        return WalType.ACCOUNT_SYNC;
    }
}
