package io.rockwal.core;

import java.util.concurrent.CompletableFuture;

/**
 * A write-ahead log of events with global, contiguous LSNs: the reads of {@link EventLogView} plus
 * the writes.
 *
 * <p>A node logs every sync step with {@link #write(Event)} before it commits the step to its own
 * database, makes the step durable with {@link #flush()} (or {@link #createCheckpoint()}), and after a
 * crash rebuilds its state with {@link #replay(EntryHandler)}. The package documentation states the
 * contract every implementation keeps; in short:
 *
 * <ul>
 *   <li>LSNs start at 1 and are contiguous and unique across all types.</li>
 *   <li>{@code write} buffers; an entry is durable once a flush covering it has returned. A flush is
 *       atomic with the metadata it updates.</li>
 *   <li>Reads see every written entry, flushed or not, until it is truncated.</li>
 *   <li>All methods are thread-safe. After {@link #close()} every method but {@code close} throws
 *       {@link EventLogClosedException}.</li>
 *   <li>No callback (a replay or subscription handler, a function chained on a future) runs while
 *       the log holds one of its locks.</li>
 * </ul>
 */
public interface EventLog extends EventLogView {

    /** Batch size used when a batch size of zero or less is asked for. */
    int DEFAULT_BATCH_SIZE = 1000;

    /** How many checkpoints are kept unless configured otherwise. */
    int DEFAULT_MAX_CHECKPOINTS = 10;

    /** The largest encoded payload one entry may hold: 64 MiB. */
    int MAX_PAYLOAD_BYTES = 64 << 20;

    /**
     * Assigns the next LSN to the event, encodes it and buffers it. When the buffer then holds the
     * batch size, it is flushed before this returns.
     *
     * <p>The returned LSN is readable at once, but durable only after a flush; after a crash the LSN of
     * an entry that was never flushed is given to the next event written.
     *
     * @return the event's LSN
     * @throws NullPointerException if the event, its type or its operation is null
     * @throws IllegalArgumentException if the catalogue has no codec for the event's class, or the
     *     payload is larger than {@link #MAX_PAYLOAD_BYTES}; no LSN is used up
     * @throws EventCodecException if encoding fails; no LSN is used up
     * @throws EventLogIOException if the automatic flush fails; then this event is not logged and
     *     uses up no LSN (the next event written gets it), while the entries buffered before it stay
     *     buffered with their LSNs and a later flush retries them
     */
    long write(Event event);

    /**
     * Makes every buffered entry durable, in one atomic batch together with the metadata.
     * Returns at once when nothing is buffered.
     *
     * @throws EventLogIOException if the storage fails; the entries stay buffered and a later flush
     *     retries them, unless the implementation stops writes after a failure that may have lost data
     *     (the exception then says so, and {@link EventLogIOException#isTransient()} is false)
     */
    void flush();

    /**
     * Removes every entry with an LSN below {@code beforeLsn}; buffered entries it covers are flushed
     * first. The removal is atomic: after a crash it is either fully applied or not at all. A value at
     * or below the first retained LSN changes nothing; {@code lastLsn() + 1} removes everything, after
     * which the next write still gets {@code lastLsn() + 1}.
     *
     * @param beforeLsn the first LSN to keep (exclusive bound of the removal)
     * @throws IllegalArgumentException if {@code beforeLsn} is negative or greater than
     *     {@code lastLsn() + 1}
     */
    void truncateBefore(long beforeLsn);

    /**
     * Flushes, then records a checkpoint at the last flushed LSN. When more checkpoints than the
     * configured maximum then exist, the oldest is dropped and the log is truncated before its LSN.
     * The checkpoint, the drop and the truncation are written atomically.
     *
     * @return the checkpoint's LSN (0 when nothing was ever written)
     */
    long createCheckpoint();

    /**
     * Logs an event through the group committer and completes once it is durable, with its LSN.
     *
     * <p>The event is encoded on the calling thread and queued; a background committer writes
     * everything queued into one atomic batch with one fsync, so many threads writing small events
     * share each fsync. The queue is bounded: when it is full this call blocks until the committer
     * has made room. Queued events and {@link #checkpointAsync()} requests are committed in the order
     * they were queued; an event queued after another gets the higher LSN.
     *
     * <p>The future is completed after the log has released its locks, on a thread of the log's that
     * holds none (or, when nothing had to be queued, before this returns): functions chained on it
     * with {@code thenAccept} and the like run there. A slow one delays the completion of later
     * futures, never a write, a flush or a commit; chain slow work with the {@code ...Async} variants. A
     * chained function may call any method of the log, {@code close} included.
     *
     * @return a future completed with the LSN once the entry is durable, or exceptionally with the
     *     failure that kept it from being written (then it was not logged and used up no LSN)
     * @throws NullPointerException if the event, its type or its operation is null
     * @throws IllegalArgumentException if the catalogue has no codec for it or it is too large
     * @throws EventCodecException if encoding fails
     */
    CompletableFuture<Long> writeAsync(Event event);

    /**
     * Queues a checkpoint behind every event queued before it; completes with the checkpoint's LSN once
     * the events before it are durable and the checkpoint is recorded (see {@link #createCheckpoint()}).
     */
    CompletableFuture<Long> checkpointAsync();

    /** The last LSN handed out, flushed or not; 0 when none ever was. */
    @Override
    long lastLsn();

    /** The last durable LSN; 0 when nothing was ever flushed. */
    @Override
    long lastFlushedLsn();

    /**
     * Commits what the group committer has queued, flushes the buffer, ends subscriptions, closes open
     * cursors and releases every resource. Idempotent and thread-safe: calls in flight are waited for,
     * later calls throw {@link EventLogClosedException}. If the final flush fails the resources are
     * still released and the failure is thrown; the unflushed entries are lost.
     *
     * @throws IllegalStateException if called from inside a replay handler of this log (it could never
     *     finish waiting for that replay); the log stays open and the replay ends with
     *     {@link ReplayAbortedException}
     */
    @Override
    void close();
}
