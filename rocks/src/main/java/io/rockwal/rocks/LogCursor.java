package io.rockwal.rocks;

import io.rockwal.core.EntryCursor;
import io.rockwal.core.EventLogClosedException;
import io.rockwal.core.EventLogCorruptedException;
import io.rockwal.core.WalEntry;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import org.rocksdb.ReadOptions;
import org.rocksdb.Slice;

/**
 * Entries in LSN order over one {@link ReadView}: the stored entries, merged across the selected type
 * column families ({@link MergedIterator}), then, if asked for, the buffered ones copied with the view.
 * Over all types it also checks contiguity (format invariant 4): a missing or doubled LSN is reported
 * as corruption, never skipped.
 *
 * <p>Owns the view and the native objects it reads it with (bounds, read options, iterators) until
 * {@link #close()}. A cursor handed to a caller passes its log's lifecycle guard on every call, so it
 * can never touch a closed database; the log closes the cursors still open when it closes.
 */
final class LogCursor implements EntryCursor {

    private final StoreResources resources;
    private final Lifecycle guard;
    private final Consumer<LogCursor> onClose;
    private final ReadView view;
    private final TypeSelection selection;
    private final long fromLsn;
    private final boolean withBuffered;
    private final Slice lower;
    private final Slice upper;
    private final ReadOptions readOptions;
    private final MergedIterator merged;
    private long expected;
    private int bufferedAt;
    private boolean storedDone;
    /** The merged iterator still stands on the entry last handed out; it moves on when the next is asked for. */
    private boolean advanceBeforeNext;

    private WalEntry next;
    private boolean closed;

    /**
     * @param view the view to read; the cursor owns it from now on, also if this constructor throws
     * @param withBuffered whether the view's buffered entries follow the stored ones
     * @param guard the log's lifecycle, entered on every call; null when the caller holds it throughout
     * @param onClose run once when the cursor closes (the log forgets it)
     */
    LogCursor(
            StoreResources resources,
            ReadView view,
            TypeSelection selection,
            long fromLsn,
            boolean withBuffered,
            Lifecycle guard,
            Consumer<LogCursor> onClose) {
        this.resources = resources;
        this.guard = guard;
        this.onClose = onClose;
        this.view = view;
        this.selection = selection;
        this.fromLsn = fromLsn;
        this.withBuffered = withBuffered;
        long from = Math.max(fromLsn, view.firstRetainedLsn());
        this.expected = from;
        Slice lowerBound = null;
        Slice upperBound = null;
        ReadOptions options = null;
        MergedIterator iterator = null;
        try {
            if (from <= view.lastFlushedLsn() && !selection.columns().isEmpty()) {
                lowerBound = new Slice(LsnKeys.encode(from));
                upperBound = new Slice(LsnKeys.encode(view.lastFlushedLsn() + 1));
                options = view.readOptions().setIterateLowerBound(lowerBound).setIterateUpperBound(upperBound);
                iterator = new MergedIterator(resources, selection.columns(), options);
            }
        } catch (RuntimeException | Error e) {
            closeNative(iterator, options, lowerBound, upperBound);
            view.close();
            throw e;
        }
        this.lower = lowerBound;
        this.upper = upperBound;
        this.readOptions = options;
        this.merged = iterator;
    }

    @Override
    public boolean hasNext() {
        enter();
        try {
            if (closed) {
                throw new EventLogClosedException(resources.dir() + " (cursor)");
            }
            if (next == null) {
                next = advance();
            }
            return next != null;
        } finally {
            exit();
        }
    }

    @Override
    public WalEntry next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no entry after LSN " + (expected - 1));
        }
        WalEntry entry = next;
        next = null;
        return entry;
    }

    private WalEntry advance() {
        if (!storedDone) {
            if (advanceBeforeNext) {
                // moving only when the next entry is asked for, so a read error names an LSN not yet delivered
                advanceBeforeNext = false;
                merged.advance();
            }
            if (merged != null && merged.hasCurrent()) {
                long lsn = merged.currentLsn();
                TypeColumn column = merged.currentColumn();
                if (selection.allTypes() && lsn != expected) {
                    throw gap(expected, lsn, column.type().name());
                }
                WalEntry entry = EntryValues.decode(lsn, column.type(), merged.currentValue());
                expected = lsn + 1;
                advanceBeforeNext = true;
                return entry;
            }
            storedDone = true;
            if (selection.allTypes() && expected <= view.lastFlushedLsn()) {
                throw missing(expected, view.lastFlushedLsn());
            }
        }
        if (!withBuffered) {
            return null;
        }
        while (bufferedAt < view.buffered().size()) {
            BufferedEntry entry = view.buffered().get(bufferedAt++);
            if (entry.lsn() >= fromLsn && selection.includes(entry.column())) {
                return entry.decode();
            }
        }
        return null;
    }

    private static EventLogCorruptedException gap(long expected, long found, String columnFamily) {
        String problem = found < expected
                ? "LSN " + found + " is stored under more than one type"
                : "LSNs " + expected + ".." + (found - 1) + " are missing before LSN " + found;
        return new EventLogCorruptedException(problem, columnFamily, found, LsnKeys.encode(found), null);
    }

    private static EventLogCorruptedException missing(long from, long upTo) {
        return new EventLogCorruptedException(
                "LSNs " + from + ".." + upTo + " are flushed and not truncated, yet no type holds them",
                null,
                from,
                LsnKeys.encode(from),
                null);
    }

    private void enter() {
        if (guard != null) {
            guard.enter();
        }
    }

    private void exit() {
        if (guard != null) {
            guard.exit();
        }
    }

    /**
     * Closes the cursor. A cursor handed to a caller passes the log's guard, so it cannot release its
     * native objects while the log closes them; once the log is closed, it already has.
     */
    @Override
    public void close() {
        if (guard == null) {
            closeNow();
            return;
        }
        try {
            guard.enter();
        } catch (EventLogClosedException e) {
            return;
        }
        try {
            closeNow();
        } finally {
            guard.exit();
        }
    }

    /** Releases the view and the native objects; for the log's own close, which holds its guard exclusively. */
    synchronized void closeNow() {
        if (closed) {
            return;
        }
        closed = true;
        closeNative(merged, readOptions, lower, upper);
        view.close();
        onClose.accept(this);
    }

    /** Closes in reverse order of creation: iterators, then the options, then the bounds they point to. */
    private static void closeNative(MergedIterator iterator, ReadOptions options, Slice lower, Slice upper) {
        if (iterator != null) {
            iterator.close();
        }
        if (options != null) {
            options.close();
        }
        if (upper != null) {
            upper.close();
        }
        if (lower != null) {
            lower.close();
        }
    }
}
