package io.rockwal.rocks;

import io.rockwal.core.EncodedEvent;
import io.rockwal.core.EventLogClosedException;
import io.rockwal.core.EventLogIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The asynchronous write path: callers queue encoded events and checkpoint requests; one background
 * thread takes everything queued (up to a group limit, waiting at most the configured delay for more),
 * commits it with one atomic write and one fsync through {@link LogWriter#commitGroup}, and completes
 * the callers' futures.
 *
 * <p>Memory is bounded twice: by the number of queued requests and by their payload bytes; a caller
 * that finds either bound reached waits (back-pressure). The thread starts with the first request.
 * {@link #close()} commits everything queued before returning.
 */
final class GroupCommitter implements AutoCloseable {

    /** A queued request; its future completes with an LSN. */
    sealed interface Request permits Write, Checkpoint {
        CompletableFuture<Long> future();
    }

    record Write(EncodedEvent event, long timestampMillis, CompletableFuture<Long> future) implements Request {
    }

    record Checkpoint(CompletableFuture<Long> future) implements Request {
    }

    /** Most requests committed in one group. */
    static final int MAX_GROUP = 4096;

    private final LogWriter writer;
    private final String location;
    private final long delayNanos;
    private final BlockingQueue<Request> queue;
    private final Semaphore queuedBytes;
    private final int byteBudget;
    private Thread thread;
    private volatile boolean closing;

    GroupCommitter(LogWriter writer, String location, RocksEventLogOptions options) {
        this.writer = writer;
        this.location = location;
        this.delayNanos = options.groupCommitDelay().toNanos();
        this.queue = new ArrayBlockingQueue<>(options.asyncQueueCapacity());
        this.byteBudget = (int) Math.min(Integer.MAX_VALUE, options.asyncQueueBytes());
        this.queuedBytes = new Semaphore(byteBudget);
    }

    /**
     * Queues a write, waiting while the queue is full. Returns a failed future if the log is closing
     * or the caller is interrupted while waiting.
     */
    CompletableFuture<Long> write(EncodedEvent event, long timestampMillis) {
        int bytes = Math.min(byteBudget, event.payload().length);
        CompletableFuture<Long> future = new CompletableFuture<>();
        if (!acquire(bytes, future)) {
            return future;
        }
        if (!enqueue(new Write(event, timestampMillis, future), future)) {
            queuedBytes.release(bytes);
        }
        return future;
    }

    /** Queues a checkpoint behind everything queued so far. */
    CompletableFuture<Long> checkpoint() {
        CompletableFuture<Long> future = new CompletableFuture<>();
        enqueue(new Checkpoint(future), future);
        return future;
    }

    private boolean acquire(int bytes, CompletableFuture<Long> future) {
        try {
            queuedBytes.acquire(bytes);
            return true;
        } catch (InterruptedException e) {
            return interrupted(future, e);
        }
    }

    private boolean enqueue(Request request, CompletableFuture<Long> future) {
        if (closing) {
            future.completeExceptionally(new EventLogClosedException(location));
            return false;
        }
        startIfNeeded();
        try {
            queue.put(request);
            return true;
        } catch (InterruptedException e) {
            return interrupted(future, e);
        }
    }

    /** Fails the future of a caller interrupted while it waited for room; keeps the interrupt. */
    private boolean interrupted(CompletableFuture<Long> future, InterruptedException e) {
        Thread.currentThread().interrupt();
        future.completeExceptionally(new EventLogIOException("interrupted while waiting for room in the write queue of "
                + location, e, true));
        return false;
    }

    private synchronized void startIfNeeded() {
        if (thread == null) {
            thread = new Thread(this::run, "rockwal-committer " + location);
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void run() {
        List<Request> group = new ArrayList<>(MAX_GROUP);
        while (true) {
            try {
                Request first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                group.add(first);
                gather(group);
                writer.commitGroup(group);
            } catch (InterruptedException e) {
                if (!closing) {
                    Thread.currentThread().interrupt();
                    failAll(group, new EventLogClosedException(location));
                    return;
                }
            } catch (RuntimeException | Error e) {
                failAll(group, e);
            } finally {
                releaseBytes(group);
                group.clear();
            }
        }
    }

    /** Adds what else is queued, waiting up to the delay for more while the group is not full. */
    private void gather(List<Request> group) throws InterruptedException {
        queue.drainTo(group, MAX_GROUP - group.size());
        long deadline = System.nanoTime() + delayNanos;
        while (delayNanos > 0 && group.size() < MAX_GROUP) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Request next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            group.add(next);
            queue.drainTo(group, MAX_GROUP - group.size());
        }
    }

    private static void failAll(List<Request> group, Throwable failure) {
        for (Request request : group) {
            request.future().completeExceptionally(failure);
        }
    }

    private void releaseBytes(List<Request> group) {
        int bytes = 0;
        for (Request request : group) {
            if (request instanceof Write write) {
                bytes += Math.min(byteBudget, write.event().payload().length);
            }
        }
        queuedBytes.release(bytes);
    }

    /** Refuses new requests, commits everything queued, and stops the thread. */
    @Override
    public void close() {
        closing = true;
        Thread running;
        synchronized (this) {
            running = thread;
        }
        if (running != null) {
            boolean interrupted = false;
            while (running.isAlive()) {
                try {
                    running.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        List<Request> left = new ArrayList<>();
        queue.drainTo(left);
        failAll(left, new EventLogClosedException(location));
    }
}
