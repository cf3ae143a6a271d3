package io.rockwal.core;

/**
 * Receives entries during a replay, one at a time, in LSN order.
 *
 * <p>A handler that throws stops the replay; the replay then throws {@link ReplayAbortedException}
 * carrying the LSN of the entry the handler was given and the handler's exception as the cause.
 */
@FunctionalInterface
public interface EntryHandler {

    /**
     * Handles one entry.
     *
     * @throws Exception to stop the replay
     */
    void handle(WalEntry entry) throws Exception;
}
