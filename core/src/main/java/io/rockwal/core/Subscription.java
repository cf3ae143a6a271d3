package io.rockwal.core;

import java.util.concurrent.CompletableFuture;

/**
 * A running delivery of entries to a handler, started by {@link EventLogView#subscribe}.
 *
 * <p>The handler receives every entry from the starting LSN on, once it is durable, in LSN order,
 * with no gap and no duplicate, on a thread of its own: first what the log already holds, then every
 * entry flushed later, also while it catches up. It reads from the log rather than from a queue, so a
 * slow handler neither blocks writers nor grows memory; it only falls further behind. If truncation
 * removes entries before they were delivered, the subscription ends with
 * {@link EntriesTruncatedException}.
 */
public interface Subscription extends AutoCloseable {

    /** The LSN the handler is given next. */
    long nextLsn();

    /**
     * Completes normally once the subscription is closed (or its log is), exceptionally with a
     * {@link ReplayAbortedException} when the handler threw, an {@link EntriesTruncatedException} when
     * entries were truncated before delivery, or the storage failure that stopped it.
     */
    CompletableFuture<Void> terminated();

    /** Stops delivery after the entry being handled, if any, and waits for the thread to end. Idempotent. */
    @Override
    void close();
}
