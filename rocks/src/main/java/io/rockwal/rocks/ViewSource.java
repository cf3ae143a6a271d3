package io.rockwal.rocks;

import java.util.Optional;

/**
 * Where {@link LogReader} gets the log's state from: the writer of an open log, which produces views
 * of its buffer and a snapshot under its lock, or a reader's instance, whose state is what the
 * metadata said when it last caught up. The read path depends on this interface only, never on the
 * writer.
 */
interface ViewSource {

    long firstRetainedLsn();

    long lastFlushedLsn();

    /** The last LSN handed out; for a reader, the last flushed one. */
    long lastLsn();

    /** The buffered entry with this LSN, if it is buffered. */
    Optional<BufferedEntry> buffered(long lsn);

    /** A consistent view for a read of several entries; the read closes it. */
    ReadView openView();
}
