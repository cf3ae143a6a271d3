package io.rockwal.rocks;

import io.rockwal.core.EntriesTruncatedException;
import io.rockwal.core.EntryCursor;
import io.rockwal.core.EventLogCorruptedException;
import io.rockwal.core.WalEntry;
import java.util.List;
import java.util.NoSuchElementException;
import org.rocksdb.ReadOptions;
import org.rocksdb.Slice;

/**
 * Entries in LSN order over a consistent view: the stored entries from a RocksDB snapshot, merged
 * across the selected type column families, then the buffered ones copied with it. Over all types it
 * also checks contiguity: a missing or doubled LSN is reported as corruption, never skipped.
 *
 * <p>Owns native objects (snapshot, bounds, read options, iterators) until {@link #close()}. A cursor
 * handed to a caller passes the log's lifecycle guard on every call, so it can never touch a closed
 * database; the log closes the cursors still open when it closes.
 */
final class StoreCursor implements EntryCursor {

    /**
     * What to read. {@code upToLsn} bounds the stored part (inclusive); buffered entries are optional.
     * With {@code strictFrom}, a {@code fromLsn} below the view's first retained LSN is an
     * {@link EntriesTruncatedException} rather than a silent start further on.
     */
    record Range(List<TypeColumn> columns, boolean allTypes, long fromLsn, long upToLsn, boolean includeBuffered,
            boolean strictFrom) {
    }

    private final RocksResources resources;
    private final Lifecycle guard;
    private final Runnable onClose;
    private final LogWriter.View view;
    private final Range range;
    private final Slice lower;
    private final Slice upper;
    private final ReadOptions readOptions;
    private final LogReader.MergedIterator merged;
    private final long storedUpTo;
    private long expected;
    private int bufferedAt;
    private boolean storedDone;
    /** The merged iterator still stands on the entry last handed out; it moves on when the next is asked for. */
    private boolean moveOnFirst;
    private WalEntry next;
    private boolean closed;

    /**
     * @param guard the log's lifecycle, entered on every call; null when the caller already holds it
     * @param onClose run once when the cursor closes (the log forgets it)
     */
    StoreCursor(RocksResources resources, ReadState state, Range range, Lifecycle guard, Runnable onClose) {
        this.resources = resources;
        this.guard = guard;
        this.onClose = onClose;
        this.range = range;
        this.view = state.openView();
        if (range.strictFrom() && range.fromLsn() < view.firstRetainedLsn()) {
            releaseSnapshot();
            throw new EntriesTruncatedException(range.fromLsn(), view.firstRetainedLsn());
        }
        long from = Math.max(range.fromLsn(), view.firstRetainedLsn());
        this.storedUpTo = Math.min(range.upToLsn(), view.flushedUpTo());
        this.expected = from;
        Slice lowerBound = null;
        Slice upperBound = null;
        ReadOptions options = null;
        LogReader.MergedIterator iterator = null;
        try {
            if (from <= storedUpTo && !range.columns().isEmpty()) {
                lowerBound = new Slice(LsnKeys.encode(from));
                upperBound = new Slice(LsnKeys.encode(storedUpTo + 1));
                options = new ReadOptions().setIterateLowerBound(lowerBound).setIterateUpperBound(upperBound);
                if (view.snapshot() != null) {
                    options.setSnapshot(view.snapshot());
                }
                iterator = new LogReader.MergedIterator(resources, range.columns(), options);
            }
        } catch (RuntimeException | Error e) {
            closeNative(iterator, options, lowerBound, upperBound);
            releaseSnapshot();
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
                throw new io.rockwal.core.EventLogClosedException(resources.dir() + " (cursor)");
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
            if (moveOnFirst) {
                // moving only when the next entry is asked for, so a read error names an LSN not yet delivered
                moveOnFirst = false;
                merged.advance();
            }
            if (merged != null && merged.hasCurrent()) {
                long lsn = merged.currentLsn();
                TypeColumn column = merged.currentColumn();
                if (range.allTypes() && lsn != expected) {
                    throw gap(expected, lsn, column.type().name());
                }
                WalEntry entry = EntryValues.decode(lsn, column.type(), merged.currentValue());
                expected = lsn + 1;
                moveOnFirst = true;
                return entry;
            }
            storedDone = true;
            if (range.allTypes() && expected <= storedUpTo) {
                throw missing(expected, storedUpTo);
            }
        }
        if (!range.includeBuffered()) {
            return null;
        }
        while (bufferedAt < view.buffered().size()) {
            LogWriter.Pending pending = view.buffered().get(bufferedAt++);
            if (pending.lsn() >= range.fromLsn() && range.columns().contains(pending.column())) {
                return EntryValues.decode(pending.lsn(), pending.column().type(), pending.value());
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
        return new EventLogCorruptedException("LSNs " + from + ".." + upTo
                + " are flushed and not truncated, yet no type holds them", null, from, LsnKeys.encode(from), null);
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
        } catch (io.rockwal.core.EventLogClosedException e) {
            return;
        }
        try {
            closeNow();
        } finally {
            guard.exit();
        }
    }

    /** Releases the native objects; for the log's own close, which holds its guard exclusively. */
    synchronized void closeNow() {
        if (closed) {
            return;
        }
        closed = true;
        closeNative(merged, readOptions, lower, upper);
        releaseSnapshot();
        onClose.run();
    }

    private void releaseSnapshot() {
        if (view.snapshot() != null) {
            resources.db().releaseSnapshot(view.snapshot());
        }
    }

    /** Closes in reverse order of creation: iterators, then the options, then the bounds they point to. */
    private static void closeNative(LogReader.MergedIterator iterator, ReadOptions options, Slice lower, Slice upper) {
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
