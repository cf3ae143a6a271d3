package io.rockwal.rocks;

import java.lang.System.Logger.Level;
import java.time.InstantSource;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.rocksdb.AbstractEventListener;
import org.rocksdb.BackgroundErrorReason;
import org.rocksdb.Status;
import org.rocksdb.WriteStallCondition;
import org.rocksdb.WriteStallInfo;

/**
 * Follows RocksDB's background errors and write stalls as RocksDB reports them, on its own threads,
 * so that {@link RocksEventLog#health()} says so at once, not at the next flush. A background error
 * lasts until RocksDB reports it recovered (it does from a full disk once there is space again); a
 * failure the log records itself ({@link #fail}) lasts until the log is reopened; a stall lasts until
 * RocksDB reports the column family normal again; an I/O error the store retries ({@link #retrying})
 * lasts until the retried work succeeds.
 */
final class HealthMonitor extends AbstractEventListener {

    private static final System.Logger LOG = System.getLogger(HealthMonitor.class.getName());

    private final String location;
    private final InstantSource clock;
    private final Map<String, WriteStallCondition> stalled = new ConcurrentHashMap<>();
    private volatile StoreHealth failed;
    /** RocksDB's background error: cleared if RocksDB recovers from it (a full disk with space back). */
    private volatile StoreHealth backgroundError;

    private volatile StoreHealth degraded;
    /** Work the store retries after an I/O error, by what it is ("flush", "compaction"). */
    private final Map<String, StoreHealth> retrying = new ConcurrentHashMap<>();

    private final StoreHealth openedOk;
    /** The last compaction backlog reported, so that its time stays the time it began. */
    private volatile StoreHealth backlog;

    HealthMonitor(String location, InstantSource clock) {
        super(
                EnabledEventCallback.ON_BACKGROUND_ERROR,
                EnabledEventCallback.ON_ERROR_RECOVERY_COMPLETED,
                EnabledEventCallback.ON_STALL_CONDITIONS_CHANGED);
        this.location = location;
        this.clock = clock;
        this.openedOk = new StoreHealth(StoreHealth.Status.OK, "", clock.instant());
    }

    @Override
    public void onBackgroundError(BackgroundErrorReason reason, Status error) {
        String what = "RocksDB background error during " + reason.name().toLowerCase(java.util.Locale.ROOT) + ": "
                + describe(error);
        backgroundError = new StoreHealth(StoreHealth.Status.FAILED, what, clock.instant());
        LOG.log(Level.ERROR, () -> location + ": " + what + "; RocksDB refuses writes until it recovers");
    }

    @Override
    public void onErrorRecoveryCompleted(Status oldBackgroundError) {
        backgroundError = null;
        LOG.log(Level.INFO, () -> location + ": RocksDB recovered from " + describe(oldBackgroundError));
    }

    @Override
    public void onStallConditionsChanged(WriteStallInfo info) {
        if (info.getCurrentCondition() == WriteStallCondition.NORMAL) {
            stalled.remove(info.getColumnFamilyName());
        } else {
            stalled.put(info.getColumnFamilyName(), info.getCurrentCondition());
        }
        degraded = stalled.isEmpty()
                ? null
                : new StoreHealth(
                        StoreHealth.Status.DEGRADED,
                        "RocksDB " + (stalled.containsValue(WriteStallCondition.STOPPED) ? "stopped" : "delays")
                                + " writes until compaction catches up (column families " + stalled.keySet() + ")",
                        clock.instant());
    }

    /** Records a failure the log met itself (a write refused because an earlier one may have lost data). */
    void fail(String reason) {
        synchronized (this) {
            if (failed != null) {
                return;
            }
            failed = new StoreHealth(StoreHealth.Status.FAILED, reason, clock.instant());
        }
        LOG.log(Level.ERROR, () -> location + ": " + reason + "; writes are refused until the log is reopened");
    }

    /**
     * Records that {@code work} failed with an I/O error and will be retried: the log is degraded until
     * {@link #succeeded} says the work went through. The first failure's time is kept.
     */
    void retrying(String work, String reason) {
        StoreHealth previous =
                retrying.putIfAbsent(work, new StoreHealth(StoreHealth.Status.DEGRADED, reason, clock.instant()));
        if (previous == null) {
            LOG.log(Level.WARNING, () -> location + ": " + reason);
        }
    }

    /** Records that {@code work}, retried after an I/O error, succeeded. */
    void succeeded(String work) {
        if (!retrying.isEmpty() && retrying.remove(work) != null) {
            LOG.log(Level.INFO, () -> location + ": the " + work + " succeeded again");
        }
    }

    /**
     * The state now: failed if ever failed (or while RocksDB's background error lasts), else degraded
     * while a write stall lasts, while retried work has not succeeded yet or while
     * {@code compactionBacklog} (null when compaction keeps up) says compaction is far behind, else OK.
     */
    StoreHealth health(String compactionBacklog) {
        StoreHealth failure = failed;
        if (failure != null) {
            return failure;
        }
        failure = backgroundError;
        if (failure != null) {
            return failure;
        }
        StoreHealth stall = degraded;
        if (stall != null) {
            return stall;
        }
        Iterator<StoreHealth> retried = retrying.values().iterator();
        if (retried.hasNext()) {
            return retried.next();
        }
        if (compactionBacklog != null) {
            StoreHealth behind = backlog;
            if (behind == null || !behind.reason().equals(compactionBacklog)) {
                behind = new StoreHealth(
                        StoreHealth.Status.DEGRADED,
                        compactionBacklog,
                        behind == null ? clock.instant() : behind.since());
                backlog = behind;
            }
            return behind;
        }
        backlog = null;
        return openedOk;
    }

    private static String describe(Status status) {
        if (status == null) {
            return "unknown";
        }
        String state = status.getState();
        return status.getCode() + (state == null || state.isEmpty() ? "" : " (" + state + ")");
    }
}
