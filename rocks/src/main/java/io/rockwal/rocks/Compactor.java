package io.rockwal.rocks;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Gives disk space back after a truncation, on one background thread: compacts the truncated key
 * range of every type column family, so that RocksDB drops the deleted entries and their range
 * tombstones, and sweeps the secondary-key index of entries pointing below the first retained LSN
 * (readers already ignore those; the sweep only reclaims their space). Requests that arrive while one
 * runs are merged into the next run. A failure is logged and retried with the next truncation: it
 * costs space, never data.
 */
final class Compactor implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Compactor.class.getName());
    private static final int SWEEP_BATCH = 10_000;
    /** What {@link HealthMonitor#retrying} calls a failed compaction. */
    private static final String WORK = "compaction";

    private final StoreResources resources;
    private final ExecutorService executor;
    private final CompactRangeOptions options;
    private final AtomicLong requestedBefore = new AtomicLong();
    private volatile long compactedBefore;

    Compactor(StoreResources resources) {
        this.resources = resources;
        this.options = new CompactRangeOptions()
                .setExclusiveManualCompaction(false)
                .setBottommostLevelCompaction(CompactRangeOptions.BottommostLevelCompaction.kForceOptimized);
        this.executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rockwal-compactor " + resources.dir());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * How many LSNs below the last requested truncation point are not compacted away yet: 0 when
     * background compaction has caught up.
     */
    long lag() {
        return Math.max(0, requestedBefore.get() - compactedBefore);
    }

    /** Asks for the entries below {@code beforeLsn} to be compacted away, soon, in the background. */
    void request(long beforeLsn) {
        long previous = requestedBefore.getAndAccumulate(beforeLsn, Math::max);
        if (previous < beforeLsn) {
            executor.execute(this::compactPending);
        }
    }

    private void compactPending() {
        long before = requestedBefore.get();
        if (before <= compactedBefore) {
            return;
        }
        FlightEvents.Compaction event = new FlightEvents.Compaction();
        event.begin();
        boolean completed = compact(before);
        if (event.shouldCommit()) {
            event.directory = resources.dir().toString();
            event.beforeLsn = before;
            event.completed = completed;
            event.commit();
        }
    }

    /** Compacts and sweeps below {@code before}; false if it failed or was cancelled. */
    private boolean compact(long before) {
        byte[] begin = LsnKeys.encode(0);
        byte[] end = LsnKeys.encode(before);
        List<TypeColumn> columns = resources.typeColumns();
        for (TypeColumn column : columns) {
            if (options.canceled()) {
                return false;
            }
            try {
                resources.db().compactRange(column.handle(), begin, end, options);
            } catch (RocksDBException e) {
                if (!options.canceled()) {
                    String what = "compaction after truncation before LSN " + before + " failed for column family '"
                            + column.type() + "'; the space comes back after the next truncation";
                    LOG.log(Level.WARNING, () -> what + " (" + resources.dir() + ")", e);
                    retrying(what + ": " + e.getMessage());
                }
                return false;
            }
        }
        try {
            sweepIndex(before);
        } catch (RocksDBException e) {
            if (!options.canceled()) {
                String what = "sweeping the key index below LSN " + before
                        + " failed; the space comes back after the next truncation";
                LOG.log(Level.WARNING, () -> what + " (" + resources.dir() + ")", e);
                retrying(what + ": " + e.getMessage());
            }
            return false;
        }
        if (resources.health() != null) {
            resources.health().succeeded(WORK);
        }
        synchronized (this) {
            compactedBefore = before;
            notifyAll();
        }
        return true;
    }

    private void retrying(String reason) {
        if (resources.health() != null) {
            resources.health().retrying(WORK, reason);
        }
    }

    /**
     * Waits until every compaction requested so far has finished, or the timeout passes.
     *
     * @return whether it finished in time (a failed compaction never finishes until the next request)
     */
    synchronized boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (compactedBefore < requestedBefore.get()) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(Math.min(left, 100));
        }
        return true;
    }

    /** Deletes index entries that point below {@code before}, then compacts the index. */
    private void sweepIndex(long before) throws RocksDBException {
        ColumnFamilyHandle keys = resources.keysHandle();
        if (keys == null) {
            return;
        }
        long swept = 0;
        try (WriteOptions quiet = new WriteOptions();
                RocksIterator iterator = resources.db().newIterator(keys)) {
            WriteBatch batch = new WriteBatch();
            try {
                for (iterator.seekToFirst(); iterator.isValid() && !options.canceled(); iterator.next()) {
                    byte[] indexKey = iterator.key();
                    if (KeyIndex.lsn(indexKey) < before) {
                        batch.delete(keys, indexKey);
                        if (batch.count() >= SWEEP_BATCH) {
                            resources.db().write(quiet, batch);
                            swept += batch.count();
                            batch.close();
                            batch = new WriteBatch();
                        }
                    }
                }
                iterator.status();
                if (batch.count() > 0) {
                    resources.db().write(quiet, batch);
                    swept += batch.count();
                }
            } finally {
                batch.close();
            }
        }
        if (swept > 0 && !options.canceled()) {
            resources.db().compactRange(keys, null, null, options);
        }
    }

    /** Cancels a running compaction and waits for the thread to stop. */
    @Override
    public void close() {
        options.setCanceled(true);
        executor.shutdownNow();
        boolean stopped = false;
        try {
            stopped = executor.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopped) {
            options.close();
        } else {
            // Closing the options under a running native compaction would crash the process.
            LOG.log(Level.WARNING, "compaction in " + resources.dir() + " did not stop within a minute");
        }
    }
}
