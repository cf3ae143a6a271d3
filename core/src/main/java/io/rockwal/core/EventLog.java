package io.rockwal.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A write-ahead log of events with global, contiguous LSNs.
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
 * </ul>
 */
public interface EventLog extends AutoCloseable {

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
     * @throws EventLogIOException if the automatic flush fails; the entry stays buffered, keeps its LSN
     *     and is written by the next flush
     */
    long write(Event event);

    /**
     * Makes every buffered entry durable, in one atomic batch together with the metadata.
     * Returns at once when nothing is buffered.
     *
     * @throws EventLogIOException if the storage fails; the entries stay buffered and a later flush
     *     retries them
     */
    void flush();

    /**
     * The entry with the given LSN, buffered or flushed.
     *
     * @return the entry, or empty if the LSN was never handed out or has been truncated
     * @throws IllegalArgumentException if {@code lsn} is below 1
     * @throws EventLogCorruptedException if the stored entry is damaged, or if the LSN should be
     *     stored (flushed, not truncated) and no type holds it
     */
    Optional<WalEntry> get(long lsn);

    /**
     * Calls the handler with every entry of every type, from the first retained LSN to the last
     * written, in LSN order, buffered entries included. The replay reads a consistent snapshot taken
     * when it starts: entries written while it runs are not delivered, and it does not block writers.
     * The handler may write to the log.
     *
     * @throws ReplayAbortedException if the handler throws; it carries the LSN
     * @throws EventLogCorruptedException if a stored entry is damaged
     */
    void replay(EntryHandler handler);

    /**
     * As {@link #replay(EntryHandler)}, for the entries of one type only. Its cost is proportional to
     * the number of entries of that type, not to the length of the log.
     */
    void replay(WalType type, EntryHandler handler);

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

    /** The recorded checkpoints' LSNs, oldest first; immutable. */
    List<Long> checkpoints();

    /** The last LSN handed out, flushed or not; 0 when none ever was. */
    long lastLsn();

    /** The last durable LSN; 0 when nothing was ever flushed. */
    long lastFlushedLsn();

    /** A consistent view of the LSN state. */
    LsnMetadata metadata();

    /**
     * Logs an event through the group committer and completes once it is durable, with its LSN.
     *
     * <p>The event is encoded on the calling thread and queued; a background committer writes
     * everything queued into one atomic batch with one fsync, so many threads writing small events
     * share each fsync. The queue is bounded: when it is full this call blocks until the committer
     * has made room. Queued events and {@link #checkpointAsync()} requests are committed in the order
     * they were queued; an event queued after another gets the higher LSN.
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

    /**
     * The entry of the type with the highest LSN, buffered or flushed: what a restart hydrates from.
     * One reverse seek, whatever the length of the log.
     */
    Optional<WalEntry> last(WalType type);

    /** The last entry of every type that has one; types with no retained entry are absent. */
    Map<WalType, WalEntry> hydrateAll();

    /**
     * Entries of one type with LSN {@code >= fromLsn}, in LSN order, at most {@code limit}: a page. The
     * next page starts after the last LSN of this one. Any {@code fromLsn} is accepted: one at or below
     * the first retained LSN (zero and negative ones included) starts the page there, one past the last
     * LSN gives an empty page.
     *
     * @throws NullPointerException if {@code type} is null
     * @throws IllegalArgumentException if {@code limit} is negative
     */
    List<WalEntry> scan(WalType type, long fromLsn, int limit);

    /** As {@link #scan(WalType, long, int)}, over all types. */
    List<WalEntry> scan(long fromLsn, int limit);

    /**
     * A cursor over every entry from {@code fromLsn} on, in LSN order. Close it. As with
     * {@link #scan(long, int)}, any {@code fromLsn} is accepted.
     */
    EntryCursor cursor(long fromLsn);

    /** A cursor over the entries of one type from {@code fromLsn} on, in LSN order. Close it. */
    EntryCursor cursor(WalType type, long fromLsn);

    /**
     * The retained entries of the type whose codec gave them this secondary key, in LSN order;
     * answered from an index written with the entries, without a replay. Never returns a truncated
     * entry.
     */
    List<WalEntry> findByKey(WalType type, byte[] key);

    /**
     * Retained entries of the type with a secondary key in {@code [fromKey, beforeKey)}, in key order
     * (then LSN order), at most {@code limit}; a null bound is open.
     *
     * @throws IllegalArgumentException if {@code limit} is negative
     */
    List<WalEntry> scanByKey(WalType type, byte[] fromKey, byte[] beforeKey, int limit);

    /** How many retained entries of the type the log holds, buffered ones included, without a replay. */
    long count(WalType type);

    /**
     * Delivers every durable entry from {@code fromLsn} on to the handler, on a thread of its own,
     * until the subscription or the log is closed; see {@link Subscription}.
     */
    Subscription subscribe(long fromLsn, EntryHandler handler);

    /** As {@link #subscribe(long, EntryHandler)}, for the entries of one type. */
    Subscription subscribe(WalType type, long fromLsn, EntryHandler handler);

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
