package io.rockwal.rocks;

import io.rockwal.core.EventLogCorruptedException;
import io.rockwal.core.IndexKeys;
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
 * Secondary-key queries over the index column family (format invariant 10), merged with the
 * buffered entries of the same view. Index entries below the first retained LSN are skipped (the
 * compactor sweeps them later); one pointing at an LSN its type does not hold is damage.
 */
final class KeyIndexReader {

    /** An index hit: a secondary key, the LSN it points at and the entry's stored value. */
    private record Hit(byte[] key, long lsn, byte[] value) {}

    private final StoreResources resources;
    private final ViewSource source;

    KeyIndexReader(StoreResources resources, ViewSource source) {
        this.resources = resources;
        this.source = source;
    }

    /** Retained entries of the type with this secondary key, in LSN order. */
    List<WalEntry> findByKey(WalType type, byte[] key) {
        return keyed(
                type,
                KeyIndex.from(type, key),
                KeyIndex.after(type, key),
                Integer.MAX_VALUE,
                new KeyRange(key, key, true));
    }

    /** Retained entries of the type with a secondary key in {@code [fromKey, beforeKey)}, in key order. */
    List<WalEntry> scanByKey(WalType type, byte[] fromKey, byte[] beforeKey, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, was " + limit);
        }
        byte[] lowerKey = fromKey == null ? KeyIndex.typeStart(type) : KeyIndex.from(type, fromKey);
        byte[] upperKey = beforeKey == null ? KeyIndex.typeEnd(type) : KeyIndex.from(type, beforeKey);
        return keyed(type, lowerKey, upperKey, limit, new KeyRange(fromKey, beforeKey, false));
    }

    /** Which buffered entries' keys match: from {@code from} (null: open) to {@code to} (null: open). */
    private record KeyRange(byte[] from, byte[] to, boolean toInclusive) {
        boolean contains(byte[] key) {
            return (from == null || IndexKeys.compare(key, from) >= 0)
                    && (to == null || IndexKeys.compare(key, to) < (toInclusive ? 1 : 0));
        }
    }

    private List<WalEntry> keyed(WalType type, byte[] lowerIndexKey, byte[] upperIndexKey, int limit, KeyRange range) {
        Optional<TypeColumn> found = resources.column(type);
        ColumnFamilyHandle keys = resources.keysHandle();
        if (found.isEmpty() || keys == null || limit == 0) {
            return List.of();
        }
        TypeColumn column = found.get();
        try (ReadView view = source.openView()) {
            List<Hit> hits = stored(view, column, keys, lowerIndexKey, upperIndexKey, limit);
            for (BufferedEntry entry : view.buffered()) {
                if (entry.indexKey() != null && entry.column().equals(column) && range.contains(entry.indexKey())) {
                    hits.add(new Hit(entry.indexKey(), entry.lsn(), entry.value()));
                }
            }
            hits.sort(Comparator.<Hit, byte[]>comparing(Hit::key, IndexKeys::compare)
                    .thenComparingLong(Hit::lsn));
            return hits.stream()
                    .limit(limit)
                    .map(hit -> EntryValues.decode(hit.lsn(), type, hit.value()))
                    .toList();
        }
    }

    private List<Hit> stored(
            ReadView view,
            TypeColumn column,
            ColumnFamilyHandle keys,
            byte[] lowerIndexKey,
            byte[] upperIndexKey,
            int limit) {
        WalType type = column.type();
        List<Hit> hits = new ArrayList<>();
        try (Slice lower = new Slice(lowerIndexKey);
                Slice upper = new Slice(upperIndexKey);
                ReadOptions options =
                        view.readOptions().setIterateLowerBound(lower).setIterateUpperBound(upper);
                RocksIterator iterator = resources.db().newIterator(keys, options)) {
            for (iterator.seekToFirst(); iterator.isValid() && hits.size() < limit; iterator.next()) {
                byte[] indexKey = iterator.key();
                long lsn = KeyIndex.lsn(indexKey);
                if (lsn >= view.firstRetainedLsn() && lsn <= view.lastFlushedLsn()) {
                    byte[] value = read(column, options, lsn);
                    if (value == null) {
                        throw new EventLogCorruptedException(
                                "the key index points at LSN " + lsn + ", which type " + type + " does not hold",
                                KeyIndex.COLUMN_FAMILY,
                                lsn,
                                indexKey,
                                null);
                    }
                    hits.add(new Hit(KeyIndex.secondaryKey(type, indexKey), lsn, value));
                }
            }
            iterator.status();
        } catch (RocksDBException e) {
            throw resources.errors().map(e, "reading the key index", KeyIndex.COLUMN_FAMILY);
        }
        return hits;
    }

    private byte[] read(TypeColumn column, ReadOptions options, long lsn) {
        try {
            return resources.db().get(column.handle(), options, LsnKeys.encode(lsn));
        } catch (RocksDBException e) {
            throw resources
                    .errors()
                    .map(e, "lookup of LSN " + lsn, column.type().name(), lsn);
        }
    }
}
