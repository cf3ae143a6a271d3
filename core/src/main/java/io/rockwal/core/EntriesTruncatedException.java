package io.rockwal.core;

/**
 * Entries a reader still needed were removed by truncation before it read them: a subscription that
 * fell behind a {@code truncateBefore} or a checkpoint rotation.
 */
public final class EntriesTruncatedException extends EventLogException {

    private static final long serialVersionUID = 1L;

    private final long neededLsn;
    private final long firstRetainedLsn;

    /**
     * @param neededLsn the first LSN the reader still needed
     * @param firstRetainedLsn the log's first retained LSN, beyond it
     */
    public EntriesTruncatedException(long neededLsn, long firstRetainedLsn) {
        super(
                "entries " + neededLsn + ".." + (firstRetainedLsn - 1) + " were truncated before they were delivered",
                null);
        this.neededLsn = neededLsn;
        this.firstRetainedLsn = firstRetainedLsn;
    }

    /** The first LSN the reader still needed. */
    public long neededLsn() {
        return neededLsn;
    }

    /** The first LSN still in the log. */
    public long firstRetainedLsn() {
        return firstRetainedLsn;
    }
}
