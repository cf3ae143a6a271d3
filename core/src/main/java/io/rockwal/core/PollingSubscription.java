package io.rockwal.core;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The delivery loop of every {@link Subscription} rockwal hands out: a thread that reads durable
 * entries from its log in chunks, through a {@link Source}, and hands them to the handler one by one.
 * Applications get subscriptions from {@link EventLogView#subscribe}; this class is for
 * implementations of {@link EventLogView}.
 *
 * <p>It holds no queue: the log is the buffer. A slow handler therefore neither blocks writers nor
 * grows memory (one chunk of at most {@link EventLogView#SUBSCRIPTION_CHUNK} entries); it only falls
 * behind. The source is asked for the next chunk only after the previous one was delivered, so the
 * handler never runs while the source holds a lock of its log.
 */
public final class PollingSubscription implements Subscription {

    /** Where a subscription's entries come from: its log, read chunk by chunk. */
    @FunctionalInterface
    public interface Source {

        /**
         * Up to {@code limit} durable entries with LSN {@code >= fromLsn}, in LSN order, and the LSN to
         * read from next. When there is none yet, it may wait a short while (returning early when the
         * thread is interrupted) and return an empty chunk; the loop asks again.
         *
         * @return the chunk, or null once the log is closed, which ends the subscription normally
         * @throws EntriesTruncatedException if {@code fromLsn} was truncated before it was delivered
         * @throws InterruptedException if interrupted while waiting; the subscription is being closed
         */
        Chunk read(long fromLsn, int limit) throws InterruptedException;
    }

    /**
     * What a source returns.
     *
     * @param entries the entries, in LSN order, all {@code >= } the LSN asked for
     * @param nextLsn where the next read starts: after the last entry, or past LSNs known to hold no
     *     entry of the subscription (another type's, say)
     */
    public record Chunk(List<WalEntry> entries, long nextLsn) {

        /** Copies the list. */
        public Chunk {
            entries = List.copyOf(entries);
        }
    }

    private final Source source;
    private final EntryHandler handler;
    private final Set<PollingSubscription> live;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final Thread thread;
    private volatile long nextLsn;
    private volatile boolean stopping;

    private PollingSubscription(
            String name, long fromLsn, EntryHandler handler, Source source, Set<PollingSubscription> live) {
        this.source = source;
        this.handler = handler;
        this.live = live;
        this.nextLsn = fromLsn;
        this.thread = new Thread(this::run, "rockwal-subscription " + name + " from " + fromLsn);
        this.thread.setDaemon(true);
    }

    /**
     * Starts a subscription on a daemon thread of its own.
     *
     * @param name what the thread is named after: the log's directory, say
     * @param live the log's set of subscriptions (thread-safe): the subscription is in it from before
     *     its thread starts until it has ended, however it ended, so a log that closes every member
     *     closes every subscription still running
     * @throws IllegalArgumentException if {@code fromLsn} is below 1
     */
    public static PollingSubscription start(
            String name, long fromLsn, EntryHandler handler, Source source, Set<PollingSubscription> live) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(live, "live");
        if (fromLsn < 1) {
            throw new IllegalArgumentException("LSN must be at least 1, was " + fromLsn);
        }
        PollingSubscription subscription = new PollingSubscription(name, fromLsn, handler, source, live);
        live.add(subscription);
        subscription.thread.start();
        return subscription;
    }

    private void run() {
        try {
            while (!stopping) {
                Chunk chunk = source.read(nextLsn, EventLogView.SUBSCRIPTION_CHUNK);
                if (chunk == null) {
                    break;
                }
                for (WalEntry entry : chunk.entries()) {
                    if (stopping) {
                        break;
                    }
                    try {
                        handler.handle(entry);
                    } catch (Exception e) {
                        throw new ReplayAbortedException(entry.lsn(), e);
                    }
                    nextLsn = entry.lsn() + 1;
                }
                if (!stopping) {
                    nextLsn = Math.max(nextLsn, chunk.nextLsn());
                }
            }
            terminated.complete(null);
        } catch (InterruptedException e) {
            terminated.complete(null);
        } catch (ReplayAbortedException e) {
            if (stopping && e.getCause() instanceof InterruptedException) {
                terminated.complete(null); // the handler gave up waiting because close() interrupted it
            } else {
                terminated.completeExceptionally(e);
            }
        } catch (RuntimeException | Error e) {
            terminated.completeExceptionally(e);
        } finally {
            live.remove(this);
        }
    }

    @Override
    public long nextLsn() {
        return nextLsn;
    }

    @Override
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    /**
     * Stops delivery after the entry being handled, if any, and waits for the thread to end; from the
     * handler itself (on the subscription's thread) it only stops. Idempotent.
     */
    @Override
    public void close() {
        stopping = true;
        if (Thread.currentThread() == thread) {
            return;
        }
        thread.interrupt();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
