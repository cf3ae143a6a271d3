package io.rockwal.rocks;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.RocksDBException;

/**
 * Gives disk space back after a truncation: compacts the truncated key range of every type column
 * family on one background thread, so that RocksDB drops the deleted entries and their range
 * tombstones. Requests that arrive while one runs are merged into the next run. A failed compaction is
 * logged and retried with the next truncation: it costs space, never data.
 */
final class Compactor implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Compactor.class.getName());

    private final RocksResources resources;
    private final ExecutorService executor;
    private final CompactRangeOptions options;
    private final AtomicLong requestedBefore = new AtomicLong();
    private long compactedBefore;

    Compactor(RocksResources resources) {
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
        byte[] begin = LsnKeys.encode(0);
        byte[] end = LsnKeys.encode(before);
        List<TypeColumn> columns = resources.typeColumns();
        for (TypeColumn column : columns) {
            if (options.canceled()) {
                return;
            }
            try {
                resources.db().compactRange(column.handle(), begin, end, options);
            } catch (RocksDBException e) {
                if (!options.canceled()) {
                    LOG.log(Level.WARNING, () -> "compaction after truncation before LSN " + before + " in "
                            + resources.dir() + " failed for column family '" + column.type()
                            + "'; the space comes back after the next truncation", e);
                }
                return;
            }
        }
        compactedBefore = before;
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
