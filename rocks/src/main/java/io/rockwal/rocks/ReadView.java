package io.rockwal.rocks;

import java.util.List;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.Snapshot;

/**
 * The log as of one moment, for a read that covers several entries: the stored entries from
 * {@code firstRetainedLsn} to {@code lastFlushedLsn} (held by a RocksDB snapshot in an open log, whose
 * data changes under its readers; none for a reader's instance, whose data changes only when it catches
 * up, which it never does during a read) and a copy of the entries buffered beyond them. Produced by a
 * {@link ViewSource}; the read that opened it closes it, which releases the snapshot.
 */
final class ReadView implements AutoCloseable {

    private final RocksDB db;
    private final Snapshot snapshot;
    private final long firstRetainedLsn;
    private final long lastFlushedLsn;
    private final List<BufferedEntry> buffered;
    private boolean closed;

    /**
     * @param db the database the snapshot belongs to; null together with {@code snapshot}
     * @param buffered entries buffered after {@code lastFlushedLsn}, in LSN order
     */
    ReadView(RocksDB db, Snapshot snapshot, long firstRetainedLsn, long lastFlushedLsn, List<BufferedEntry> buffered) {
        this.db = db;
        this.snapshot = snapshot;
        this.firstRetainedLsn = firstRetainedLsn;
        this.lastFlushedLsn = lastFlushedLsn;
        this.buffered = buffered;
    }

    /** A view of stored entries only, with no snapshot. */
    static ReadView stored(long firstRetainedLsn, long lastFlushedLsn) {
        return new ReadView(null, null, firstRetainedLsn, lastFlushedLsn, List.of());
    }

    long firstRetainedLsn() {
        return firstRetainedLsn;
    }

    long lastFlushedLsn() {
        return lastFlushedLsn;
    }

    List<BufferedEntry> buffered() {
        return buffered;
    }

    /** Whether no stored entry is retained in the view. */
    boolean storedEmpty() {
        return firstRetainedLsn > lastFlushedLsn;
    }

    /** New read options reading this view's snapshot, if it has one; the caller closes them. */
    ReadOptions readOptions() {
        ReadOptions options = new ReadOptions();
        return snapshot == null ? options : options.setSnapshot(snapshot);
    }

    /** Releases the snapshot. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (snapshot != null) {
                db.releaseSnapshot(snapshot);
            }
        }
    }
}
