package io.rockwal.events;

import io.rockwal.core.Event;
import io.rockwal.core.Operation;
import io.rockwal.core.WalType;
import java.util.List;
import java.util.Objects;

/**
 * Every account reconciled in one step, as a single entry: logged under {@link WalType#RECONCILIATION},
 * operation always {@link Operation#UPDATE}. Meant for hundreds of thousands of accounts; the encoded
 * batch must fit in {@link io.rockwal.core.EventLog#MAX_PAYLOAD_BYTES} (about 70 bytes per account with
 * 42-character addresses, so some 900,000 accounts), or encoding fails with
 * {@link io.rockwal.core.EventCodecException}.
 *
 * @param accounts the reconciled accounts, in order; copied into an immutable list
 * @param timestamp when the node reconciled them, as it set it; the log does not interpret it
 */
public record ReconciliationBatchEvent(List<ReconciliationBatchEntry> accounts, long timestamp) implements Event {

    /**
     * Checks and copies the components.
     *
     * @throws NullPointerException if {@code accounts} is null or holds a null entry; the message says which
     */
    public ReconciliationBatchEvent {
        Objects.requireNonNull(accounts, "accounts");
        try {
            accounts = List.copyOf(accounts);
        } catch (NullPointerException e) {
            throw new NullPointerException("accounts holds a null entry");
        }
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
