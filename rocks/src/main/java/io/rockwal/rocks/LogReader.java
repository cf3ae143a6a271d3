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
    private final LogWriter writer;
    private final List<TypeColumn> columns;

    LogReader(RocksResources resources, LogWriter writer) {
        this.resources = resources;
        this.writer = writer;
        this.columns = resources.typeColumns();
    }

    Optional<WalEntry> get(long lsn) {
        if (lsn < 1) {
            throw new IllegalArgumentException("LSN must be at least 1, was " + lsn);
        }
        if (lsn < writer.firstRetainedLsn()) {
            return Optional.empty();
        }
        if (lsn > writer.lastFlushedLsn()) {
            LogWriter.Pending pending = writer.buffered(lsn);
            if (pending != null) {
                return Optional.of(decode(pending));
            }
            if (lsn > writer.lastLsn()) {
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
        if (lsn >= writer.firstRetainedLsn() && lsn <= writer.lastFlushedLsn()) {
            throw new EventLogCorruptedException("LSN " + lsn + " is flushed and not truncated, yet no type holds it",
                    null, lsn, key, null);
        }
        return Optional.empty();
    }

    /** Replays every type ({@code typeOrNull == null}) or one type. */
    void replay(WalType typeOrNull, EntryHandler handler) {
        List<TypeColumn> selected = new ArrayList<>();
        for (TypeColumn column : columns) {
            if (typeOrNull == null || column.type().equals(typeOrNull)) {
                selected.add(column);
            }
        }
        LogWriter.View view = writer.openView();
        try {
            if (view.firstRetainedLsn() <= view.flushedUpTo() && !selected.isEmpty()) {
                replayStored(view, selected, typeOrNull == null, handler);
            }
            for (LogWriter.Pending pending : view.buffered()) {
                if (typeOrNull == null || pending.column().type().equals(typeOrNull)) {
                    deliver(decode(pending), handler);
                }
            }
        } finally {
            resources.db().releaseSnapshot(view.snapshot());
        }
    }

    private void replayStored(LogWriter.View view, List<TypeColumn> selected, boolean allTypes, EntryHandler handler) {
        try (Slice lower = new Slice(LsnKeys.encode(view.firstRetainedLsn()));
                Slice upper = new Slice(LsnKeys.encode(view.flushedUpTo() + 1));
                ReadOptions readOptions = new ReadOptions()
                        .setSnapshot(view.snapshot())
                        .setIterateLowerBound(lower)
                        .setIterateUpperBound(upper);
                MergedIterator merged = new MergedIterator(resources, selected, readOptions)) {
            long expected = view.firstRetainedLsn();
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
