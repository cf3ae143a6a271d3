package io.rockwal.rocks;

import io.rockwal.core.EntryHandler;
import io.rockwal.core.EventLogCorruptedException;
import io.rockwal.core.IndexKeys;
import io.rockwal.core.ReplayAbortedException;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * The read side of a store: point lookups by LSN, replays and cursors, last entries, counts and the
 * secondary-key index, over RocksDB plus the writer's buffer.
 *
 * <p>A lookup does not need the entry's type: it probes each type's column family in turn (bloom
 * filters answer the misses). Everything else reads a consistent view (a snapshot plus a copy of the
 * buffer) bounded below by the first retained LSN, so the range tombstones of truncations are never
 * scanned.
 */
final class LogReader {

    private final RocksResources resources;
    private final ReadState state;
    private final List<TypeColumn> columns;

    LogReader(RocksResources resources, ReadState state) {
        this.resources = resources;
        this.state = state;
        this.columns = resources.typeColumns();
    }

    Optional<WalEntry> get(long lsn) {
        if (lsn < 1) {
            throw new IllegalArgumentException("LSN must be at least 1, was " + lsn);
        }
        if (lsn < state.firstRetainedLsn()) {
            return Optional.empty();
        }
        if (lsn > state.lastFlushedLsn()) {
            LogWriter.Pending pending = state.buffered(lsn);
            if (pending != null) {
                return Optional.of(decode(pending));
            }
            if (lsn > state.lastLsn()) {
                return Optional.empty();
            }
        }
        byte[] key = LsnKeys.encode(lsn);
        for (TypeColumn column : columns) {
            byte[] value = read(column, resources.pointReadOptions(), key, lsn);
            if (value != null) {
                return Optional.of(EntryValues.decode(lsn, column.type(), value));
            }
        }
        if (lsn >= state.firstRetainedLsn() && lsn <= state.lastFlushedLsn()) {
            throw new EventLogCorruptedException("LSN " + lsn + " is flushed and not truncated, yet no type holds it",
                    null, lsn, key, null);
        }
        return Optional.empty();
    }

    /**
     * A cursor from {@code fromLsn} over one type or all ({@code typeOrNull == null}).
     *
     * @param guard entered on every cursor call, or null when the caller holds the log's guard throughout
     */
    StoreCursor cursor(WalType typeOrNull, long fromLsn, long upToLsn, boolean includeBuffered, Lifecycle guard,
            Runnable onClose) {
        return new StoreCursor(resources, state, new StoreCursor.Range(select(typeOrNull), typeOrNull == null,
                fromLsn, upToLsn, includeBuffered, false), guard, onClose);
    }

    void replay(WalType typeOrNull, long fromLsn, EntryHandler handler) {
        try (StoreCursor cursor = cursor(typeOrNull, fromLsn, Long.MAX_VALUE, true, null, () -> { })) {
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

    /**
     * Up to {@code limit} entries from {@code fromLsn}: stored ones up to {@code upToLsn}, then buffered
     * ones if asked. With {@code strictFrom}, entries from {@code fromLsn} must all still be retained.
     */
    List<WalEntry> scan(WalType typeOrNull, long fromLsn, long upToLsn, boolean includeBuffered, boolean strictFrom,
            int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, was " + limit);
        }
        List<WalEntry> page = new ArrayList<>(Math.min(limit, 1024));
        if (limit == 0) {
            return page;
        }
        StoreCursor.Range range = new StoreCursor.Range(select(typeOrNull), typeOrNull == null, fromLsn, upToLsn,
                includeBuffered, strictFrom);
        try (StoreCursor cursor = new StoreCursor(resources, state, range, null, () -> { })) {
            while (page.size() < limit && cursor.hasNext()) {
                page.add(cursor.next());
            }
        }
        return page;
    }

    /** The entry of the type with the highest LSN, buffered or stored: a reverse seek, whatever the log's length. */
    Optional<WalEntry> last(WalType type) {
        return withView(view -> {
            for (int i = view.buffered().size() - 1; i >= 0; i--) {
                LogWriter.Pending pending = view.buffered().get(i);
                if (pending.column().type().equals(type)) {
                    return Optional.of(decode(pending));
                }
            }
            return storedEnd(view, type).map(found -> EntryValues.decode(found.lsn(), type, found.value()));
        });
    }

    /**
     * Retained entries of the type: for the stored ones, newest ordinal minus oldest plus one (two seeks
     * and at most 64 header reads at each end, whatever the log's length); plus the buffered ones.
     */
    long count(WalType type) {
        return withView(view -> {
            long buffered = view.buffered().stream().filter(pending -> pending.column().type().equals(type)).count();
            return storedCount(view, type) + buffered;
        });
    }

    private long storedCount(LogWriter.View view, WalType type) {
        return withRetained(view, type, 0L, iterator -> {
            iterator.seekToLast();
            if (!iterator.isValid()) {
                checkStatus(iterator, type.name());
                return 0L;
            }
            long newest = OrdinalWalk.newest(iterator, type, resources.dir());
            iterator.seekToFirst();
            if (!iterator.isValid()) {
                checkStatus(iterator, type.name());
                throw new IllegalStateException("entries of " + type + " vanished under a snapshot");
            }
            return newest - OrdinalWalk.oldest(iterator, type, resources.dir()) + 1;
        });
    }

    /** Retained entries of the type with this secondary key, in LSN order. */
    List<WalEntry> findByKey(WalType type, byte[] key) {
        return keyed(type, KeyIndex.from(type, key), KeyIndex.after(type, key), Integer.MAX_VALUE, key, key, true);
    }

    /** Retained entries of the type with a secondary key in {@code [fromKey, beforeKey)}, in key order. */
    List<WalEntry> scanByKey(WalType type, byte[] fromKey, byte[] beforeKey, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, was " + limit);
        }
        byte[] lowerKey = fromKey == null ? KeyIndex.typeStart(type) : KeyIndex.from(type, fromKey);
        byte[] upperKey = beforeKey == null ? KeyIndex.typeEnd(type) : KeyIndex.from(type, beforeKey);
        return keyed(type, lowerKey, upperKey, limit, fromKey, beforeKey, false);
    }

    /** An index hit: a secondary key and the LSN it points at. */
    private record Hit(byte[] key, long lsn, byte[] value) {
    }

    private List<WalEntry> keyed(WalType type, byte[] lowerIndexKey, byte[] upperIndexKey, int limit, byte[] fromKey,
            byte[] toKey, boolean toInclusive) {
        TypeColumn column = columns.stream().filter(c -> c.type().equals(type)).findFirst().orElse(null);
        ColumnFamilyHandle keys = resources.keysHandle();
        if (column == null || keys == null || limit == 0) {
            return List.of();
        }
        return withView(view -> {
            List<Hit> hits = new ArrayList<>();
            try (Slice lower = new Slice(lowerIndexKey);
                    Slice upper = new Slice(upperIndexKey);
                    ReadOptions options = snapshotOptions(view).setIterateLowerBound(lower).setIterateUpperBound(upper);
                    RocksIterator iterator = resources.db().newIterator(keys, options)) {
                for (iterator.seekToFirst(); iterator.isValid() && hits.size() < limit; iterator.next()) {
                    byte[] indexKey = iterator.key();
                    long lsn = KeyIndex.lsn(indexKey);
                    if (lsn >= view.firstRetainedLsn() && lsn <= view.flushedUpTo()) {
                        byte[] value = read(column, options, LsnKeys.encode(lsn), lsn);
                        if (value == null) {
                            throw new EventLogCorruptedException("the key index points at LSN " + lsn
                                    + ", which type " + type + " does not hold", KeyIndex.COLUMN_FAMILY, lsn, indexKey, null);
                        }
                        hits.add(new Hit(KeyIndex.secondaryKey(type, indexKey), lsn, value));
                    }
                }
                checkStatus(iterator, KeyIndex.COLUMN_FAMILY);
            }
            for (LogWriter.Pending pending : view.buffered()) {
                byte[] key = pending.indexKey();
                if (key != null && pending.column().type().equals(type)
                        && (fromKey == null || IndexKeys.compare(key, fromKey) >= 0)
                        && (toKey == null || (toInclusive ? IndexKeys.compare(key, toKey) <= 0
                                : IndexKeys.compare(key, toKey) < 0))) {
                    hits.add(new Hit(key, pending.lsn(), pending.value()));
                }
            }
            hits.sort(Comparator.<Hit, byte[]>comparing(Hit::key, IndexKeys::compare).thenComparingLong(Hit::lsn));
            return hits.stream().limit(limit).map(hit -> EntryValues.decode(hit.lsn(), type, hit.value())).toList();
        });
    }

    /** A stored entry found by a seek. */
    private record Found(long lsn, byte[] value) {
    }

    /** The newest retained stored entry of a type in the view. */
    private Optional<Found> storedEnd(LogWriter.View view, WalType type) {
        return withRetained(view, type, Optional.empty(), iterator -> {
            iterator.seekToLast();
            if (!iterator.isValid()) {
                checkStatus(iterator, type.name());
                return Optional.empty();
            }
            return Optional.of(new Found(LsnKeys.decode(iterator.key(), type.name()), iterator.value()));
        });
    }

    private interface IteratorWork<T> {
        T apply(RocksIterator iterator);
    }

    /**
     * Runs {@code work} on an iterator over the type's retained stored entries in the view (bounded to
     * first retained .. flushed), or answers {@code none} when the type or the range is empty.
     */
    private <T> T withRetained(LogWriter.View view, WalType type, T none, IteratorWork<T> work) {
        TypeColumn column = columns.stream().filter(c -> c.type().equals(type)).findFirst().orElse(null);
        if (column == null || view.firstRetainedLsn() > view.flushedUpTo()) {
            return none;
        }
        try (Slice lower = new Slice(LsnKeys.encode(view.firstRetainedLsn()));
                Slice upper = new Slice(LsnKeys.encode(view.flushedUpTo() + 1));
                ReadOptions options = snapshotOptions(view).setIterateLowerBound(lower).setIterateUpperBound(upper);
                RocksIterator iterator = resources.db().newIterator(column.handle(), options)) {
            return work.apply(iterator);
        }
    }

    private interface ViewWork<T> {
        T apply(LogWriter.View view);
    }

    private <T> T withView(ViewWork<T> work) {
        LogWriter.View view = state.openView();
        try {
            return work.apply(view);
        } finally {
            if (view.snapshot() != null) {
                resources.db().releaseSnapshot(view.snapshot());
            }
        }
    }

    private static ReadOptions snapshotOptions(LogWriter.View view) {
        ReadOptions options = new ReadOptions();
        return view.snapshot() == null ? options : options.setSnapshot(view.snapshot());
    }

    private List<TypeColumn> select(WalType typeOrNull) {
        if (typeOrNull == null) {
            return columns;
        }
        return columns.stream().filter(column -> column.type().equals(typeOrNull)).toList();
    }

    private byte[] read(TypeColumn column, ReadOptions options, byte[] key, long lsn) {
        try {
            return resources.db().get(column.handle(), options, key);
        } catch (RocksDBException e) {
            throw RocksErrors.map(e, "lookup of LSN " + lsn, resources.dir(), column.type().name(), lsn);
        }
    }

    private void checkStatus(RocksIterator iterator, String columnFamily) {
        try {
            iterator.status();
        } catch (RocksDBException e) {
            throw RocksErrors.map(e, "reading", resources.dir(), columnFamily);
        }
    }

    private static WalEntry decode(LogWriter.Pending pending) {
        return EntryValues.decode(pending.lsn(), pending.column().type(), pending.value());
    }

    /**
     * Iterators over several type column families merged by LSN. Each iterator's current LSN is
     * cached so the merge costs no native call per comparison. Iterator errors end iteration like the
     * end of data does, so each exhausted iterator's status is checked.
     */
    static final class MergedIterator implements AutoCloseable {

        private final RocksResources resources;
        private final TypeColumn[] columns;
        private final RocksIterator[] iterators;
        private final long[] lsns;
        private int current = -1;

        MergedIterator(RocksResources resources, List<TypeColumn> selected, ReadOptions readOptions) {
            this.resources = resources;
            this.columns = selected.toArray(new TypeColumn[0]);
            this.iterators = new RocksIterator[columns.length];
            this.lsns = new long[columns.length];
            try {
                for (int i = 0; i < columns.length; i++) {
                    iterators[i] = resources.db().newIterator(columns[i].handle(), readOptions);
                    iterators[i].seekToFirst();
                    load(i, EventLogCorruptedException.UNKNOWN_LSN);
                }
            } catch (RuntimeException e) {
                close();
                throw e;
            }
            pick();
        }

        boolean hasCurrent() {
            return current >= 0;
        }

        long currentLsn() {
            return lsns[current];
        }

        TypeColumn currentColumn() {
            return columns[current];
        }

        byte[] currentValue() {
            return iterators[current].value();
        }

        void advance() {
            long delivered = lsns[current];
            iterators[current].next();
            load(current, delivered + 1);
            pick();
        }

        /** Caches iterator {@code i}'s LSN; {@code nextLsn} is the first LSN it has not yet delivered, for errors. */
        private void load(int i, long nextLsn) {
            RocksIterator iterator = iterators[i];
            if (iterator.isValid()) {
                lsns[i] = LsnKeys.decode(iterator.key(), columns[i].type().name());
                return;
            }
            lsns[i] = Long.MAX_VALUE;
            try {
                iterator.status();
            } catch (RocksDBException e) {
                throw RocksErrors.map(e, "replay", resources.dir(), columns[i].type().name(), nextLsn);
            }
        }

        private void pick() {
            int best = -1;
            long bestLsn = Long.MAX_VALUE;
            for (int i = 0; i < lsns.length; i++) {
                if (lsns[i] < bestLsn) {
                    bestLsn = lsns[i];
                    best = i;
                }
            }
            current = best;
        }

        @Override
        public void close() {
            for (RocksIterator iterator : iterators) {
                if (iterator != null) {
                    iterator.close();
                }
            }
        }
    }
}
