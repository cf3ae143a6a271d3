package io.rockwal.rocks;

import io.rockwal.core.EventLogClosedException;
import io.rockwal.core.EventLogIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The asynchronous write path: callers queue stamped events and checkpoint requests; one committer
 * thread takes everything queued (up to a group limit, waiting at most the configured delay for more)
 * and commits it through the writer's plain calls, {@link LogWriter#writeAndFlush} (one atomic write
 * and one fsync for a run of events, which returns their first LSN) and
 * {@link LogWriter#createCheckpoint}; then a completion thread completes the callers' futures.
 *
 * <p>Futures are completed only after the writer's lock is released, and never on the committer
 * thread: functions chained on a future (user code) run on the completion thread, which holds no lock
 * of the store. A slow one delays later completions, never a commit; one that closes the log neither
 * hangs nor stops the commits queued before the close. Futures complete in LSN order.
 *
 * <p>Memory is bounded twice: by the number of queued requests and by their payload bytes; a caller
 * that finds either bound reached waits (back-pressure). The threads start with the first request.
 */
final class GroupCommitter {

    /** A queued request; its future completes with an LSN. */
    private sealed interface Request permits Write, Checkpoint {
        CompletableFuture<Long> future();
    }

    private record Write(StampedEvent event, CompletableFuture<Long> future) implements Request {}

    private record Checkpoint(CompletableFuture<Long> future) implements Request {}

    /** Most requests committed in one group. */
    static final int MAX_GROUP = 4096;

    private final LogWriter writer;
    private final String location;
    private final long delayNanos;
    private final BlockingQueue<Request> queue;
    private final Semaphore queuedBytes;
    private final int byteBudget;
    private Thread thread;
    private ExecutorService completions;
    private volatile Thread completionThread;
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
    CompletableFuture<Long> write(StampedEvent event) {
        int bytes = bytesOf(event);
        CompletableFuture<Long> future = new CompletableFuture<>();
        if (!acquire(bytes, future)) {
            return future;
        }
        if (!enqueue(new Write(event, future), future)) {
            queuedBytes.release(bytes);
        }
        return future;
    }

    /** Requests waiting for the committer: a moment's figure. */
    int queuedRequests() {
        return queue.size();
    }

    /** Payload bytes of the writes waiting for the committer: a moment's figure. */
    long queuedBytes() {
        return byteBudget - (long) queuedBytes.availablePermits();
    }

    /** Queues a checkpoint behind everything queued so far. */
    CompletableFuture<Long> checkpoint() {
        CompletableFuture<Long> future = new CompletableFuture<>();
        enqueue(new Checkpoint(future), future);
        return future;
    }

    private int bytesOf(StampedEvent event) {
        return Math.min(byteBudget, event.event().payload().length);
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
        future.completeExceptionally(new EventLogIOException(
                "interrupted while waiting for room in the write queue of " + location, e, true));
        return false;
    }

    private synchronized void startIfNeeded() {
        if (thread == null) {
            completions = Executors.newSingleThreadExecutor(runnable -> {
                Thread completer = new Thread(
                        () -> {
                            completionThread = Thread.currentThread();
                            runnable.run();
                        },
                        "rockwal-completions " + location);
                completer.setDaemon(true);
                return completer;
            });
            thread = new Thread(this::run, "rockwal-committer " + location);
            thread.setDaemon(true);
            thread.start();
        }
    }

    /**
     * The committer thread. An interrupt is no signal to stop (only {@link #close()} stops it): a
     * committer that ended on one would leave every later write queued with nobody to commit it. An
     * interrupt while a group gathers commits the group as it is.
     */
    private void run() {
        List<Request> group = new ArrayList<>(MAX_GROUP);
        while (true) {
            Request first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                continue;
            }
            if (first == null) {
                if (closing && queue.isEmpty()) {
                    return;
                }
                continue;
            }
            List<Runnable> outcomes;
            try {
                group.add(first);
                gather(group);
                outcomes = commit(group);
            } catch (RuntimeException | Error e) {
                outcomes = failAll(group, e); // a bug, not a storage failure (commit maps those): fail, never hang
            } finally {
                releaseBytes(group); // before the futures complete: a caller then sees the queue without them
            }
            complete(outcomes);
            group.clear();
        }
    }

    /** Adds what else is queued, waiting up to the delay for more while the group is not full. */
    private void gather(List<Request> group) {
        queue.drainTo(group, MAX_GROUP - group.size());
        long deadline = System.nanoTime() + delayNanos;
        while (delayNanos > 0 && group.size() < MAX_GROUP) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Request next;
            try {
                next = queue.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                return; // commit what has gathered (see run)
            }
            if (next == null) {
                return;
            }
            group.add(next);
            queue.drainTo(group, MAX_GROUP - group.size());
        }
    }

    /**
     * Commits a group in order: each run of writes with one flush, each checkpoint after the writes
     * before it. A run whose flush fails fails its futures (those events were not logged); the rest of
     * the group is still committed. Returns how to complete the futures, which the caller hands to the
     * completion thread.
     */
    private List<Runnable> commit(List<Request> group) {
        List<Runnable> outcomes = new ArrayList<>(group.size());
        List<Write> run = new ArrayList<>();
        for (Request request : group) {
            if (request instanceof Write write) {
                run.add(write);
            } else {
                commitRun(run, outcomes);
                outcomes.add(outcomeOf(request.future(), writer::createCheckpoint));
            }
        }
        commitRun(run, outcomes);
        return outcomes;
    }

    private void commitRun(List<Write> run, List<Runnable> outcomes) {
        if (run.isEmpty()) {
            return;
        }
        List<StampedEvent> events = new ArrayList<>(run.size());
        run.forEach(write -> events.add(write.event()));
        try {
            long first = writer.writeAndFlush(events);
            writer.metrics().groupSizes.record(run.size());
            for (int i = 0; i < run.size(); i++) {
                CompletableFuture<Long> future = run.get(i).future();
                long lsn = first + i;
                outcomes.add(() -> future.complete(lsn));
            }
        } catch (RuntimeException | Error e) {
            run.forEach(write -> outcomes.add(() -> write.future().completeExceptionally(e)));
        }
        run.clear();
    }

    private interface Commit {
        long run();
    }

    private static Runnable outcomeOf(CompletableFuture<Long> future, Commit commit) {
        try {
            long lsn = commit.run();
            return () -> future.complete(lsn);
        } catch (RuntimeException | Error e) {
            return () -> future.completeExceptionally(e);
        }
    }

    private static List<Runnable> failAll(List<Request> requests, Throwable failure) {
        List<Runnable> outcomes = new ArrayList<>(requests.size());
        for (Request request : requests) {
            outcomes.add(() -> request.future().completeExceptionally(failure));
        }
        return outcomes;
    }

    /** Hands the outcomes of one group to the completion thread, which runs them in order. */
    private void complete(List<Runnable> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        completions.execute(() -> outcomes.forEach(GroupCommitter::runQuietly));
    }

    /** Completes one future; a chained function that throws fails its own dependant, never the others. */
    private static void runQuietly(Runnable outcome) {
        try {
            outcome.run();
        } catch (RuntimeException e) {
            // CompletableFuture hands a dependant's failure to that dependant; nothing reaches here in
            // practice, and nothing must stop the completion of the futures after it
        }
    }

    private void releaseBytes(List<Request> group) {
        int bytes = 0;
        for (Request request : group) {
            if (request instanceof Write write) {
                bytes += bytesOf(write.event());
            }
        }
        queuedBytes.release(bytes);
    }

    /**
     * Refuses new requests, commits everything queued, and stops the committer thread; the futures of
     * what it committed are then being completed (see {@link #awaitCompletions()}). Call it once no
     * caller can still be queueing (the log's lifecycle guard is closed).
     */
    void close() {
        closing = true;
        Thread running;
        synchronized (this) {
            running = thread;
        }
        if (running == null) {
            return;
        }
        boolean interrupted = false;
        while (running.isAlive()) {
            try {
                running.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        List<Request> left = new ArrayList<>();
        queue.drainTo(left);
        complete(failAll(left, new EventLogClosedException(location)));
        completions.shutdown();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits until every future the committer completed has been completed, with its chained
     * functions run; returns at once when called from one of those functions (it would wait for
     * itself).
     */
    void awaitCompletions() {
        ExecutorService executor;
        synchronized (this) {
            executor = completions;
        }
        if (executor == null || Thread.currentThread() == completionThread) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                if (executor.awaitTermination(1, TimeUnit.DAYS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
