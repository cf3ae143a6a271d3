package io.rockwal.rocks;

import io.rockwal.core.EventLogClosedException;
import io.rockwal.core.EventLogCorruptedException;
import io.rockwal.core.EventLogException;
import io.rockwal.core.EventLogIOException;
import java.nio.file.Path;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/**
 * Maps RocksDB failures of one store to rockwal's exceptions, in one place, by status code and
 * sub-code (never by message text). RocksDB's own message is kept in ours for the operator, and every
 * message names the store's directory.
 */
final class StoreErrors {

    private final Path dir;

    StoreErrors(Path dir) {
        this.dir = dir;
    }

    /**
     * @param action what was being done, for example "flush of LSNs 1..1000"
     * @param columnFamily the column family involved, or null
     */
    EventLogException map(RocksDBException e, String action, String columnFamily) {
        return map(e, action, columnFamily, EventLogCorruptedException.UNKNOWN_LSN);
    }

    /**
     * As {@link #map(RocksDBException, String, String)}, for damage found while reading an entry:
     * {@code lsn} is the LSN looked up, or, for an iteration, the first LSN it could not deliver.
     */
    EventLogException map(RocksDBException e, String action, String columnFamily, long lsn) {
        Status status = e.getStatus();
        Status.Code code = status == null ? Status.Code.Undefined : status.getCode();
        Status.SubCode subCode = status == null ? Status.SubCode.None : status.getSubCode();
        String where = action + " in " + dir + (columnFamily == null ? "" : " (column family '" + columnFamily + "')");
        String detail = " [RocksDB " + code + (subCode == Status.SubCode.None ? "" : "/" + subCode) + ": "
                + e.getMessage() + "]";
        return switch (code) {
            case Corruption ->
                new EventLogCorruptedException(
                        where + " found damaged data" + detail,
                        columnFamily,
                        lsn,
                        lsn == EventLogCorruptedException.UNKNOWN_LSN ? null : LsnKeys.encode(lsn),
                        e);
            case IOError ->
                subCode == Status.SubCode.NoSpace
                        ? new EventLogIOException(
                                where + " failed: the disk is full; free space and retry" + detail, e, true)
                        : new EventLogIOException(where + " failed: I/O error" + detail, e, false);
            case Busy, TryAgain, TimedOut, Incomplete ->
                new EventLogIOException(where + " failed for now; retry" + detail, e, true);
            case ShutdownInProgress ->
                new EventLogClosedException(dir + " (" + action + ": RocksDB is shutting down)", e);
            default -> new EventLogIOException(where + " failed" + detail, e, false);
        };
    }

    /** What a failure to close a native resource (not a RocksDB status) becomes. */
    EventLogException closing(Exception e) {
        return e instanceof RocksDBException rocks
                ? map(rocks, "closing the store", null)
                : new EventLogIOException("closing the store in " + dir + " failed: " + e, e, false);
    }
}
