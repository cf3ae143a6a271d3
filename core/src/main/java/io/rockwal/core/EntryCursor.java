package io.rockwal.core;

import java.util.Iterator;

/**
 * Entries in LSN order from a starting LSN, read from a consistent view taken when the cursor was
 * opened (entries written later are not seen). Holds storage resources until closed: use it in
 * try-with-resources. Closing the log closes its open cursors; a cursor used after that throws
 * {@link EventLogClosedException}. Not thread-safe.
 *
 * <pre>{@code
 * try (EntryCursor cursor = log.cursor(WalType.POTS, fromLsn)) {
 *     while (cursor.hasNext()) {
 *         WalEntry entry = cursor.next();
 *         ...
 *     }
 * }
 * }</pre>
 */
public interface EntryCursor extends Iterator<WalEntry>, AutoCloseable {

    /**
     * @throws EventLogCorruptedException if the next stored entry is damaged
     * @throws EventLogClosedException if the cursor or its log is closed
     */
    @Override
    boolean hasNext();

    /** Releases the cursor's view. Idempotent. */
    @Override
    void close();
}
