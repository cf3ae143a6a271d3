package io.rockwal.rocks;

import io.rockwal.core.EntriesTruncatedException;
import io.rockwal.core.EventLogCorruptedException;
import io.rockwal.core.PollingSubscription;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * The read side of one store, over the state a {@link ViewSource} gives: point lookups by LSN, the
 * last entry and the count of a type, cursors, and the chunks subscriptions read. Secondary-key
 * queries are {@link KeyIndexReader}'s.
 *
 * <p>A lookup does not need the entry's type: it probes each type's column family in turn (bloom
 * filters answer the misses; format invariant 3). Everything else reads a consistent {@link ReadView}
 * bounded below by the first retained LSN, so the range tombstones of truncations are never scanned.
 */
final class LogReader {

    private final StoreResources resources;
    private final ViewSource source;

    LogReader(StoreResources resources, ViewSource source) {
        this.resources = resources;
        this.source = source;
    }

    Optional<WalEntry> get(long lsn) {
        if (lsn < 1) {
            throw new IllegalArgumentException("LSN must be at least 1, was " + lsn);
        }
        if (lsn < source.firstRetainedLsn()) {
            return Optional.empty();
        }
        if (lsn > source.lastFlushedLsn()) {
            Optional<BufferedEntry> buffered = source.buffered(lsn);
            if (buffered.isPresent()) {
                return Optional.of(buffered.get().decode());
            }
            if (lsn > source.lastLsn()) {
                return Optional.empty();
            }
        }
        byte[] key = LsnKeys.encode(lsn);
        for (TypeColumn column : resources.typeColumns()) {
            byte[] value;
            try {
                value = resources.db().get(column.handle(), resources.pointReadOptions(), key);
            } catch (RocksDBException e) {
                throw resources
                        .errors()
                        .map(e, "lookup of LSN " + lsn, column.type().name(), lsn);
            }
            if (value != null) {
                return Optional.of(EntryValues.decode(lsn, column.type(), value));
            }
        }
        if (lsn >= source.firstRetainedLsn() && lsn <= source.lastFlushedLsn()) {
            throw new EventLogCorruptedException(
                    "LSN " + lsn + " is flushed and not truncated, yet no type holds it", null, lsn, key, null);
        }
        return Optional.empty();
    }

    /**
     * A cursor over the selection from {@code fromLsn}, buffered entries included.
     *
     * @param guard entered on every cursor call, or null when the caller holds the log's guard throughout
     * @param onClose run once when the cursor closes
     */
    LogCursor cursor(TypeSelection selection, long fromLsn, Lifecycle guard, Consumer<LogCursor> onClose) {
        return new LogCursor(resources, source.openView(), selection, fromLsn, true, guard, onClose);
    }

    /**
     * What a subscription reads next: up to {@code limit} stored entries of the selection from
     * {@code fromLsn}, all of which must still be retained, and where to read from after them.
     *
     * @throws EntriesTruncatedException if {@code fromLsn} is below the first retained LSN
     */
    PollingSubscription.Chunk durableChunk(TypeSelection selection, long fromLsn, int limit) {
        ReadView view = source.openView();
        if (fromLsn < view.firstRetainedLsn()) {
            long firstRetained = view.firstRetainedLsn();
            view.close();
            throw new EntriesTruncatedException(fromLsn, firstRetained);
        }
        long upTo = view.lastFlushedLsn();
        List<WalEntry> entries = new ArrayList<>(Math.min(limit, 256));
        try (LogCursor cursor = new LogCursor(resources, view, selection, fromLsn, false, null, LogReader::nothing)) {
            while (entries.size() < limit && cursor.hasNext()) {
                entries.add(cursor.next());
            }
        }
        long next = entries.size() == limit ? entries.get(limit - 1).lsn() + 1 : Math.max(fromLsn, upTo + 1);
        return new PollingSubscription.Chunk(entries, next);
    }

    /** The entry of the type with the highest LSN, buffered or stored: a reverse seek, whatever the log's length. */
    Optional<WalEntry> last(WalType type) {
        Optional<TypeColumn> found = resources.column(type);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        TypeColumn column = found.get();
        try (ReadView view = source.openView()) {
            for (int i = view.buffered().size() - 1; i >= 0; i--) {
                BufferedEntry entry = view.buffered().get(i);
                if (entry.column().equals(column)) {
                    return Optional.of(entry.decode());
                }
            }
            return RetainedRange.withIterator(resources, view, column, Optional.empty(), iterator -> {
                iterator.seekToLast();
                if (!iterator.isValid()) {
                    return RetainedRange.checkExhausted(resources, iterator, column, Optional.empty());
                }
                long lsn = LsnKeys.decode(iterator.key(), type.name());
                return Optional.of(EntryValues.decode(lsn, type, iterator.value()));
            });
        }
    }

    /**
     * Retained entries of the type: for the stored ones, newest ordinal minus oldest plus one (two seeks
     * and at most 64 header reads at each end, whatever the log's length; format invariant 5); plus the
     * buffered ones.
     */
    long count(WalType type) {
        Optional<TypeColumn> found = resources.column(type);
        if (found.isEmpty()) {
            return 0;
        }
        TypeColumn column = found.get();
        try (ReadView view = source.openView()) {
            long buffered = view.buffered().stream()
                    .filter(entry -> entry.column().equals(column))
                    .count();
            return storedCount(view, column) + buffered;
        }
    }

    /**
     * Retained entries of the type with an LSN in {@code [fromLsn, toLsn]}: for the stored ones, the
     * rank of the last entry at or before {@code toLsn} minus that of the last before {@code fromLsn}
     * (each a seek and at most 64 header reads from an anchor); plus the buffered ones in the range.
     */
    long count(WalType type, long fromLsn, long toLsn) {
        Optional<TypeColumn> found = resources.column(type);
        if (found.isEmpty() || toLsn < fromLsn) {
            return 0;
        }
        TypeColumn column = found.get();
        try (ReadView view = source.openView()) {
            long buffered = view.buffered().stream()
                    .filter(entry -> entry.column().equals(column) && entry.lsn() >= fromLsn && entry.lsn() <= toLsn)
                    .count();
            // seeks stay inside the iterator's bounds: RocksDB leaves a seek past the upper bound undefined
            long from = Math.max(fromLsn, view.firstRetainedLsn());
            long to = Math.min(toLsn, view.lastFlushedLsn());
            long stored = to < from
                    ? 0
                    : RetainedRange.withIterator(
                            resources,
                            view,
                            column,
                            0L,
                            iterator -> rank(iterator, column, to)
                                    - (from <= view.firstRetainedLsn() ? 0 : rank(iterator, column, from - 1)));
            return stored + buffered;
        }
    }

    /** How many entries under the bounded iterator have an LSN at most {@code lsn}. */
    private long rank(RocksIterator iterator, TypeColumn column, long lsn) {
        if (lsn < 1) {
            return 0;
        }
        iterator.seekForPrev(LsnKeys.encode(lsn));
        if (!iterator.isValid()) {
            return RetainedRange.checkExhausted(resources, iterator, column, 0L);
        }
        return OrdinalWalk.rank(iterator, column.type(), resources.errors());
    }

    private long storedCount(ReadView view, TypeColumn column) {
        WalType type = column.type();
        return RetainedRange.withIterator(resources, view, column, 0L, iterator -> {
            iterator.seekToLast();
            if (!iterator.isValid()) {
                return RetainedRange.checkExhausted(resources, iterator, column, 0L);
            }
            long newest = OrdinalWalk.newest(iterator, type, resources.errors());
            iterator.seekToFirst();
            if (!iterator.isValid()) {
                RetainedRange.checkExhausted(resources, iterator, column, 0L);
                throw new IllegalStateException("entries of " + type + " vanished under a snapshot");
            }
            return newest - OrdinalWalk.oldest(iterator, type, resources.errors()) + 1;
        });
    }

    /** What a cursor that lives only inside one call does when it closes: nothing. */
    private static void nothing(LogCursor cursor) {}
}
