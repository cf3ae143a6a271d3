package io.rockwal.core;

/**
 * A consistent view of a log's LSN state, taken at one moment.
 *
 * <p>Invariants: {@code 0 <= lastFlushedLsn <= lastLsn} and
 * {@code 1 <= firstRetainedLsn <= lastLsn + 1}. The log holds every LSN from
 * {@code firstRetainedLsn} to {@code lastLsn}; it is empty when {@code firstRetainedLsn > lastLsn}.
 *
 * @param lastLsn the last LSN handed out (0 when none ever was); may not be durable yet
 * @param lastFlushedLsn the last durable LSN (0 when nothing was ever flushed)
 * @param lastUpdatedMillis when the durable metadata was last written, in milliseconds since the
 *     epoch (0 for a log that was never flushed)
 * @param firstRetainedLsn the lowest LSN not removed by truncation
 */
public record LsnMetadata(long lastLsn, long lastFlushedLsn, long lastUpdatedMillis, long firstRetainedLsn) {

    /** Validates the invariants above. */
    public LsnMetadata {
        if (lastFlushedLsn < 0 || lastFlushedLsn > lastLsn) {
            throw new IllegalArgumentException(
                    "last flushed LSN " + lastFlushedLsn + " is not between 0 and the last LSN " + lastLsn);
        }
        if (firstRetainedLsn < 1 || firstRetainedLsn > lastLsn + 1) {
            throw new IllegalArgumentException(
                    "first retained LSN " + firstRetainedLsn + " is not between 1 and last LSN + 1 = " + (lastLsn + 1));
        }
    }

    /** Whether the log holds no entry. */
    public boolean isEmpty() {
        return firstRetainedLsn > lastLsn;
    }

    /** How many entries the log holds. */
    public long retainedCount() {
        return lastLsn - firstRetainedLsn + 1;
    }
}
