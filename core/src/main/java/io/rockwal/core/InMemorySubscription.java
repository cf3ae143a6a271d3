package io.rockwal.core;

import java.util.concurrent.CompletableFuture;

/** The in-memory log's subscription: a thread that reads flushed entries from the storage. */
final class InMemorySubscription implements Subscription {

    private static final int CHUNK = 256;

    private final InMemoryEventLog log;
    private final WalType typeOrNull;
    private final EntryHandler handler;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final Thread thread;
    private volatile long nextLsn;
    private volatile boolean stopping;

    InMemorySubscription(InMemoryEventLog log, WalType typeOrNull, long fromLsn, EntryHandler handler) {
        this.log = log;
        this.typeOrNull = typeOrNull;
        this.handler = handler;
        this.nextLsn = fromLsn;
        this.thread = new Thread(this::run, "rockwal-subscription in-memory from " + fromLsn);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            while (!stopping) {
                InMemoryEventLog.Delivery delivery = log.awaitFlushed(typeOrNull, nextLsn, CHUNK, 50);
                if (delivery == null) {
                    break;
                }
                for (WalEntry entry : delivery.entries()) {
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
                    nextLsn = delivery.nextLsn();
                }
            }
            terminated.complete(null);
        } catch (InterruptedException e) {
            terminated.complete(null);
        } catch (RuntimeException e) {
            terminated.completeExceptionally(e);
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

    @Override
    public void close() {
        stopping = true;
        if (Thread.currentThread() != thread) {
            thread.interrupt();
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
