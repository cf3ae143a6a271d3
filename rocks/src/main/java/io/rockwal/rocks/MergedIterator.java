package io.rockwal.rocks;

import io.rockwal.core.EventLogCorruptedException;
import java.util.List;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Iterators over several type column families merged by LSN, for {@link LogCursor}, its only user.
 * Each iterator's current LSN is cached so the merge costs no native call per comparison. Iterator
 * errors end iteration like the end of data does, so each exhausted iterator's status is checked.
 */
final class MergedIterator implements AutoCloseable {

    private final StoreResources resources;
    private final TypeColumn[] columns;
    private final RocksIterator[] iterators;
    private final long[] lsns;
    private int current = -1;

    MergedIterator(StoreResources resources, List<TypeColumn> selected, ReadOptions readOptions) {
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
            throw resources.errors().map(e, "replay", columns[i].type().name(), nextLsn);
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
