package io.rockwal.rocks;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Holds the truncation of a {@link RocksEventLog} back for a consumer in the same process that must
 * see every entry before it goes (the Kafka exporter, for one). Obtained from
 * {@link RocksEventLog#holdRetention}.
 *
 * <p>While a hold is open, {@code truncateBefore} and the truncation of a checkpoint rotation remove
 * only the entries it has {@linkplain #consumedThrough consumed}; the rest of the removal is deferred
 * and done as the consumer goes on (from the thread that calls {@link #consumedThrough}). The one
 * exception: when, at a truncation, the consumer lags the last LSN by more than the hold's maximum lag,
 * the hold yields and the log truncates as asked; the consumer then finds the entries gone (the Kafka
 * exporter records a gap) and the hold counts it in {@link #overruns()}.
 *
 * <p>A deferred truncation lives in memory only: after the log is closed or the process ends, the
 * entries it would have removed stay until the next truncation covers them (the next checkpoint
 * rotation does). A hold never makes the log lose or reorder anything; at worst it keeps more.
 */
public final class RetentionHold implements AutoCloseable {

    private final RocksEventLog log;
    private final String holder;
    private final long maxLagEntries;
    private volatile long consumedLsn;
    private volatile boolean closed;
    private final AtomicLong overruns = new AtomicLong();

    RetentionHold(RocksEventLog log, String holder, long maxLagEntries, long consumedLsn) {
        this.log = log;
        this.holder = holder;
        this.maxLagEntries = maxLagEntries;
        this.consumedLsn = consumedLsn;
    }

    /** Who holds: named in the log lines of a truncation the hold deferred or yielded to. */
    public String holder() {
        return holder;
    }

    /** The lag, in entries behind the last LSN, beyond which the hold yields to a truncation. */
    public long maxLagEntries() {
        return maxLagEntries;
    }

    /** The last LSN the consumer said it no longer needs. */
    public long consumedLsn() {
        return consumedLsn;
    }

    /** How many truncations removed entries this hold had not consumed (its maximum lag was exceeded). */
    public long overruns() {
        return overruns.get();
    }

    /**
     * Says the consumer no longer needs the entries up to {@code lsn}; a truncation the hold deferred
     * is then done as far as the holds allow, on the calling thread. A value below the last one is
     * ignored (a hold never moves back).
     *
     * @throws io.rockwal.core.EventLogException if the deferred truncation fails (it stays deferred)
     */
    public void consumedThrough(long lsn) {
        if (closed || lsn <= consumedLsn) {
            return;
        }
        consumedLsn = lsn;
        log.applyDeferredTruncation();
    }

    /** Releases the hold; a truncation it deferred is done now (if no other hold defers it). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        log.release(this);
    }

    boolean isClosed() {
        return closed;
    }

    void overrun() {
        overruns.incrementAndGet();
    }

    @Override
    public String toString() {
        return "RetentionHold[" + holder + ", consumed LSN " + consumedLsn + ", max lag " + maxLagEntries + "]";
    }
}
