package io.rockwal.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every read of a log: what a node, a tool, a web page or an exporter may ask, whether it holds the log
 * ({@link EventLog}) or reads a store another process writes (a reader). One contract, one test suite.
 *
 * <p>What a view sees:
 * <ul>
 *   <li><b>A log</b> sees every entry whose {@code write} returned, buffered or flushed, until it is
 *       truncated.</li>
 *   <li><b>A reader</b> sees the entries the writer had flushed when the reader last caught up with
 *       it; nothing buffered in the writer is visible, and {@link #lastLsn()} equals
 *       {@link #lastFlushedLsn()}. Subscriptions on a reader catch up by themselves.</li>
 * </ul>
 * In both, the visible entries hold every LSN from {@code metadata().firstRetainedLsn()} to
 * {@link #lastLsn()}, each exactly once; an entry once visible never changes, and disappears only by
 * truncation.
 *
 * <p>Reads that return several entries read one consistent view, taken when they start: entries
 * written meanwhile are not delivered, and they never block writers. No method takes a null type: a
 * type-less overload reads every type. Types the view has never seen are not an error: they read as
 * empty.
 *
 * <p>All methods are thread-safe. After {@link #close()} every method but {@code close} throws
 * {@link EventLogClosedException}; cursors still open are closed, subscriptions ended. Damage met while
 * reading throws {@link EventLogCorruptedException} naming the column of storage and the LSN; storage
 * failures throw {@link EventLogIOException}.
 */
public interface EventLogView extends AutoCloseable {

    /** The most entries a subscription reads from its view in one go, between two deliveries. */
    int SUBSCRIPTION_CHUNK = 256;

    /**
     * The entry with the given LSN.
     *
     * @return the entry, or empty if the LSN is not visible: never handed out, truncated, or (for a
     *     reader) not flushed when it last caught up
     * @throws IllegalArgumentException if {@code lsn} is below 1
     * @throws EventLogCorruptedException if the stored entry is damaged, or if the LSN should be
     *     stored (flushed, not truncated) and no type holds it
     */
    Optional<WalEntry> get(long lsn);

    /**
     * The entry of the type with the highest LSN: what a restart hydrates from. One reverse seek,
     * whatever the length of the log.
     */
    Optional<WalEntry> last(WalType type);

    /**
     * The last entry of every type that has one, in {@link #types()} order; types with no visible entry
     * are absent. Each type is looked up on its own, so with writers running the entries may come from
     * views a moment apart.
     */
    default Map<WalType, WalEntry> hydrateAll() {
        Map<WalType, WalEntry> last = new LinkedHashMap<>();
        for (WalType type : types()) {
            last(type).ifPresent(entry -> last.put(type, entry));
        }
        return last;
    }

    /** How many visible entries of the type there are, without a replay. */
    long count(WalType type);

    /**
     * How many visible entries of the type have an LSN in {@code [fromLsn, toLsn]}; 0 when
     * {@code toLsn < fromLsn}. The store answers without reading the entries between the ends (a
     * few seeks and value headers, whatever the range holds); this default walks a cursor.
     */
    default long count(WalType type, long fromLsn, long toLsn) {
        if (toLsn < fromLsn) {
            return 0;
        }
        long count = 0;
        try (EntryCursor cursor = cursor(type, fromLsn)) {
            while (cursor.hasNext() && cursor.next().lsn() <= toLsn) {
                count++;
            }
        }
        return count;
    }

    /**
     * A cursor over every visible entry from {@code fromLsn} on, in LSN order, over a view taken now.
     * Any {@code fromLsn} is accepted: one at or below the first retained LSN (zero and negative ones
     * included) starts at the first retained entry, one past the last gives an empty cursor. Close it;
     * closing the log closes it too.
     *
     * @throws EventLogCorruptedException from {@code hasNext} at the first damaged entry, after a
     *     gap-free prefix; it never skips an entry
     */
    EntryCursor cursor(long fromLsn);

    /** As {@link #cursor(long)}, over the entries of one type; its cost follows that type's size only. */
    EntryCursor cursor(WalType type, long fromLsn);

    /**
     * Up to {@code limit} entries with LSN {@code >= fromLsn}, in LSN order: a page. The next page
     * starts after the last LSN of this one; {@code fromLsn} is taken as by {@link #cursor(long)}.
     *
     * @throws IllegalArgumentException if {@code limit} is negative
     */
    default List<WalEntry> scan(long fromLsn, int limit) {
        checkLimit(limit);
        try (EntryCursor cursor = cursor(fromLsn)) {
            return page(cursor, limit);
        }
    }

    /** As {@link #scan(long, int)}, over the entries of one type. */
    default List<WalEntry> scan(WalType type, long fromLsn, int limit) {
        Objects.requireNonNull(type, "type");
        checkLimit(limit);
        try (EntryCursor cursor = cursor(type, fromLsn)) {
            return page(cursor, limit);
        }
    }

    /**
     * The visible entries of the type whose codec gave them this secondary key, in LSN order; answered
     * from an index written with the entries, without a replay. Never returns a truncated entry.
     */
    List<WalEntry> findByKey(WalType type, byte[] key);

    /**
     * Visible entries of the type with a secondary key in {@code [fromKey, beforeKey)}, in key order
     * (then LSN order), at most {@code limit}. A null bound is open: {@code (type, null, null, n)} pages
     * through every keyed entry of the type.
     *
     * @throws IllegalArgumentException if {@code limit} is negative
     */
    List<WalEntry> scanByKey(WalType type, byte[] fromKey, byte[] beforeKey, int limit);

    /** The LSN state, taken at one moment. */
    LsnMetadata metadata();

    /** The last visible LSN; 0 when none ever was. For a log, the last LSN handed out, flushed or not. */
    default long lastLsn() {
        return metadata().lastLsn();
    }

    /** The last durable LSN; 0 when nothing was ever flushed. */
    default long lastFlushedLsn() {
        return metadata().lastFlushedLsn();
    }

    /** The recorded checkpoints' LSNs, oldest first; immutable. */
    List<Long> checkpoints();

    /**
     * Every entry type this view can hold: the catalogue's, and for a stored log any type found in the
     * store; a stable order, immutable.
     */
    List<WalType> types();

    /**
     * Calls the handler with every visible entry of every type, from the first retained LSN to the
     * last, in LSN order, over one consistent view taken when it starts. The handler may write to the
     * log (it does not see what it writes); it must not close this view, which is refused with
     * {@link IllegalStateException}.
     *
     * @throws ReplayAbortedException if the handler throws; it carries the LSN
     * @throws EventLogCorruptedException if a stored entry is damaged
     */
    default void replay(EntryHandler handler) {
        Objects.requireNonNull(handler, "handler");
        try (EntryCursor cursor = cursor(1)) {
            deliver(cursor, handler);
        }
    }

    /**
     * As {@link #replay(EntryHandler)}, for the entries of one type only. Its cost is proportional to
     * the number of entries of that type, not to the length of the log.
     */
    default void replay(WalType type, EntryHandler handler) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(handler, "handler");
        try (EntryCursor cursor = cursor(type, 1)) {
            deliver(cursor, handler);
        }
    }

    /**
     * Delivers every durable entry from {@code fromLsn} on to the handler, on a thread of its own,
     * until the subscription or the view is closed; see {@link Subscription}. The handler runs while the
     * view holds no lock.
     *
     * @throws IllegalArgumentException if {@code fromLsn} is below 1
     */
    Subscription subscribe(long fromLsn, EntryHandler handler);

    /** As {@link #subscribe(long, EntryHandler)}, for the entries of one type. */
    Subscription subscribe(WalType type, long fromLsn, EntryHandler handler);

    /**
     * Ends subscriptions, closes open cursors and releases every resource. Idempotent and thread-safe:
     * calls in flight are waited for, later calls throw {@link EventLogClosedException}.
     *
     * @throws IllegalStateException if called from inside a replay handler of this view (it could
     *     never finish waiting for that replay); the view stays open and the replay ends with
     *     {@link ReplayAbortedException}
     */
    @Override
    void close();

    private static List<WalEntry> page(EntryCursor cursor, int limit) {
        List<WalEntry> page = new ArrayList<>(Math.min(limit, 1024));
        while (page.size() < limit && cursor.hasNext()) {
            page.add(cursor.next());
        }
        return page;
    }

    private static void checkLimit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, was " + limit);
        }
    }

    private static void deliver(EntryCursor cursor, EntryHandler handler) {
        while (cursor.hasNext()) {
            WalEntry entry = cursor.next();
            try {
                handler.handle(entry);
            } catch (Exception e) {
                throw new ReplayAbortedException(entry.lsn(), e);
            }
        }
    }
}
