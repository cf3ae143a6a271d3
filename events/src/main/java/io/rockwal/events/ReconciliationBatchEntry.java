package io.rockwal.events;

import java.util.Objects;

/**
 * One account of a {@link ReconciliationBatchEvent}: its address, its new balance and its nonce.
 *
 * <p>The nonce is a uint64 in the original and is kept bit for bit: a nonce above
 * {@link Long#MAX_VALUE} reads as a negative {@code long}, so compare and print it with
 * {@link Long#compareUnsigned} and {@link Long#toUnsignedString(long)}.
 *
 * @param accountAddress the account's address
 * @param newBalance the reconciled balance, a decimal string (not checked)
 * @param nonce the account's nonce, unsigned
 */
public record ReconciliationBatchEntry(String accountAddress, String newBalance, long nonce) {

    /**
     * Checks the components.
     *
     * @throws NullPointerException if a string is null; the message names it
     */
    public ReconciliationBatchEntry {
        Objects.requireNonNull(accountAddress, "accountAddress");
        Objects.requireNonNull(newBalance, "newBalance");
    }
}
