package io.rockwal.events;

import io.rockwal.core.Event;
import io.rockwal.core.Operation;
import io.rockwal.core.WalType;
import java.util.Objects;

/**
 * The balance of one account reconciled: logged under {@link WalType#RECONCILIATION}, operation always
 * {@link Operation#UPDATE}. Many accounts at once are better logged as one
 * {@link ReconciliationBatchEvent}; both share the type and each decodes as itself.
 *
 * <p>The nonce is a uint64 in the original and is kept bit for bit: a nonce above
 * {@link Long#MAX_VALUE} reads as a negative {@code long}, so compare and print it with
 * {@link Long#compareUnsigned} and {@link Long#toUnsignedString(long)}. The timestamp is the node's, as
 * it set it; the log does not interpret it.
 *
 * @param accountAddress the account's address
 * @param oldBalance the balance before, a decimal string (not checked)
 * @param newBalance the balance after, a decimal string (not checked)
 * @param nonce the account's nonce, unsigned
 * @param timestamp when the node reconciled the account
 */
public record ReconciliationEvent(
        String accountAddress, String oldBalance, String newBalance, long nonce, long timestamp) implements Event {

    /**
     * Checks the components.
     *
     * @throws NullPointerException if a string is null; the message names it
     */
    public ReconciliationEvent {
        Objects.requireNonNull(accountAddress, "accountAddress");
        Objects.requireNonNull(oldBalance, "oldBalance");
        Objects.requireNonNull(newBalance, "newBalance");
    }

    /** Always {@link WalType#RECONCILIATION}. */
    @Override
    public WalType type() {
        return WalType.RECONCILIATION;
    }

    /** Always {@link Operation#UPDATE}. */
    @Override
    public Operation operation() {
        return Operation.UPDATE;
    }
}
