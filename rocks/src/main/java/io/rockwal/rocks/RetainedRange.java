package io.rockwal.rocks;

import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * An iterator over one type's retained stored entries in a view: bounded to
 * {@code [firstRetainedLsn, lastFlushedLsn]}, so the range tombstones of truncations below it are never
 * scanned (format invariant 4). For reads that seek to an end of a type: its last entry, its count,
 * the writer's newest ordinals at open.
 */
final class RetainedRange {

    /** What is done with the iterator; it is closed afterwards. */
    interface Work<T> {
        T apply(RocksIterator iterator);
    }

    private RetainedRange() {}

    /** Runs {@code work} on the iterator, or answers {@code none} when the view retains no stored entry. */
    static <T> T withIterator(StoreResources resources, ReadView view, TypeColumn column, T none, Work<T> work) {
        if (view.storedEmpty()) {
            return none;
        }
        try (Slice lower = new Slice(LsnKeys.encode(view.firstRetainedLsn()));
                Slice upper = new Slice(LsnKeys.encode(view.lastFlushedLsn() + 1));
                ReadOptions options =
                        view.readOptions().setIterateLowerBound(lower).setIterateUpperBound(upper);
                RocksIterator iterator = resources.db().newIterator(column.handle(), options)) {
            return work.apply(iterator);
        }
    }

    /**
     * For an iterator that is not valid: throws the error that ended it, if any (an error ends an
     * iteration like the end of data does), else returns {@code value}.
     */
    static <T> T checkExhausted(StoreResources resources, RocksIterator iterator, TypeColumn column, T value) {
        try {
            iterator.status();
            return value;
        } catch (RocksDBException e) {
            throw resources.errors().map(e, "reading", column.type().name());
        }
    }
}
