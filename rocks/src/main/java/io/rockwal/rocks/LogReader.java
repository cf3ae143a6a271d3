package io.rockwal.rocks;

import io.rockwal.core.EntryHandler;
import io.rockwal.core.EventLogCorruptedException;
import io.rockwal.core.ReplayAbortedException;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * The read side of a store: point lookups by LSN and replays, over RocksDB plus the writer's buffer.
 *
 * <p>A lookup does not need the entry's type: it probes each type's column family in turn (bloom
 * filters answer the misses). A replay reads a snapshot bounded below by the first retained LSN, so
 * the range tombstones of truncations are never scanned, and merges the type column families by LSN.
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
            byte[] value;
            try {
                value = resources.db().get(column.handle(), resources.pointReadOptions(), key);
            } catch (RocksDBException e) {
                throw RocksErrors.map(e, "lookup of LSN " + lsn, resources.dir(), column.type().name());
            }
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
     * Replays every type ({@code typeOrNull == null}) or one type, from {@code fromLsn} (inclusive; the
     * first retained LSN when lower).
     */
    void replay(WalType typeOrNull, long fromLsn, EntryHandler handler) {
        List<TypeColumn> selected = new ArrayList<>();
        for (TypeColumn column : columns) {
            if (typeOrNull == null || column.type().equals(typeOrNull)) {
                selected.add(column);
            }
        }
        LogWriter.View view = state.openView();
        try {
            long from = Math.max(fromLsn, view.firstRetainedLsn());
            if (from <= view.flushedUpTo() && !selected.isEmpty()) {
                replayStored(view, from, selected, typeOrNull == null, handler);
            }
            for (LogWriter.Pending pending : view.buffered()) {
                if (pending.lsn() >= fromLsn && (typeOrNull == null || pending.column().type().equals(typeOrNull))) {
                    deliver(decode(pending), handler);
                }
            }
        } finally {
            if (view.snapshot() != null) {
                resources.db().releaseSnapshot(view.snapshot());
            }
        }
    }

    /** The entry of the type with the highest LSN, buffered or stored: a reverse seek, whatever the log's length. */
    Optional<WalEntry> last(WalType type) {
        LogWriter.Pending pending = state.lastBuffered(type);
        if (pending != null) {
            return Optional.of(decode(pending));
        }
        TypeColumn column = columns.stream().filter(c -> c.type().equals(type)).findFirst().orElse(null);
        long first = state.firstRetainedLsn();
        long flushedUpTo = state.lastFlushedLsn();
        if (column == null || first > flushedUpTo) {
            return Optional.empty();
        }
        try (Slice lower = new Slice(LsnKeys.encode(first));
                Slice upper = new Slice(LsnKeys.encode(flushedUpTo + 1));
                ReadOptions readOptions = new ReadOptions().setIterateLowerBound(lower).setIterateUpperBound(upper);
                RocksIterator iterator = resources.db().newIterator(column.handle(), readOptions)) {
            iterator.seekToLast();
            if (!iterator.isValid()) {
                checkStatus(iterator, column);
                return Optional.empty();
            }
            long lsn = LsnKeys.decode(iterator.key(), type.name());
            return Optional.of(EntryValues.decode(lsn, type, iterator.value()));
        }
    }

    private void checkStatus(RocksIterator iterator, TypeColumn column) {
        try {
            iterator.status();
        } catch (RocksDBException e) {
            throw RocksErrors.map(e, "reading", resources.dir(), column.type().name());
        }
    }

    private void replayStored(LogWriter.View view, long from, List<TypeColumn> selected, boolean allTypes,
            EntryHandler handler) {
        try (Slice lower = new Slice(LsnKeys.encode(from));
                Slice upper = new Slice(LsnKeys.encode(view.flushedUpTo() + 1));
                ReadOptions readOptions = boundedReadOptions(view, lower, upper);
                MergedIterator merged = new MergedIterator(resources, selected, readOptions)) {
            long expected = from;
            while (merged.hasCurrent()) {
                long lsn = merged.currentLsn();
                if (allTypes && lsn != expected) {
                    throw gap(expected, lsn, merged.currentColumn().type().name());
                }
                deliver(EntryValues.decode(lsn, merged.currentColumn().type(), merged.currentValue()), handler);
                expected = lsn + 1;
                merged.advance();
            }
            if (allTypes && expected != view.flushedUpTo() + 1) {
                throw new EventLogCorruptedException("LSNs " + expected + ".." + view.flushedUpTo()
                        + " are flushed and not truncated, yet no type holds them", null, expected,
                        LsnKeys.encode(expected), null);
            }
        }
    }

    private static ReadOptions boundedReadOptions(LogWriter.View view, Slice lower, Slice upper) {
        ReadOptions readOptions = new ReadOptions().setIterateLowerBound(lower).setIterateUpperBound(upper);
        return view.snapshot() == null ? readOptions : readOptions.setSnapshot(view.snapshot());
    }

    private static EventLogCorruptedException gap(long expected, long found, String columnFamily) {
        String problem = found < expected
                ? "LSN " + found + " is stored under more than one type"
                : "LSNs " + expected + ".." + (found - 1) + " are missing before LSN " + found;
        return new EventLogCorruptedException(problem, columnFamily, found, LsnKeys.encode(found), null);
    }

    private static WalEntry decode(LogWriter.Pending pending) {
        return EntryValues.decode(pending.lsn(), pending.column().type(), pending.value());
    }

    private static void deliver(WalEntry entry, EntryHandler handler) {
        try {
            handler.handle(entry);
        } catch (Exception e) {
            throw new ReplayAbortedException(entry.lsn(), e);
        }
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
                    load(i);
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
            iterators[current].next();
            load(current);
            pick();
        }

        private void load(int i) {
            RocksIterator iterator = iterators[i];
            if (iterator.isValid()) {
                lsns[i] = LsnKeys.decode(iterator.key(), columns[i].type().name());
                return;
            }
            lsns[i] = Long.MAX_VALUE;
            try {
                iterator.status();
            } catch (RocksDBException e) {
                throw RocksErrors.map(e, "replay", resources.dir(), columns[i].type().name());
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
