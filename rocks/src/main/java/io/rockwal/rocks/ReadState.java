package io.rockwal.rocks;

/**
 * What {@link LogReader} needs from whoever knows a store's LSN state: the writer of an open log, or
 * the metadata a read-only view loaded.
 */
interface ReadState {

    long firstRetainedLsn();

    long lastFlushedLsn();

    long lastLsn();

    /** The buffered entry with this LSN, or null when it is not buffered. */
    LogWriter.Pending buffered(long lsn);

    /** A consistent view for a replay; the reader releases its snapshot, if it has one. */
    LogWriter.View openView();
}
