package io.rockwal.rocks;

import io.rockwal.core.EventLogClosedException;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** The {@link EventLogMXBean} of one open log: registers itself, serves snapshots, unregisters on close. */
final class LogMXBean implements EventLogMXBean {

    static final String DOMAIN = "io.rockwal";
    private static final long SNAPSHOT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final String directory;
    private final Supplier<LogMetrics> metrics;
    private final Supplier<StoreHealth> health;
    private final ObjectName name;
    private LogMetrics snapshot;
    private long takenAtNanos;

    private LogMXBean(String directory, Supplier<LogMetrics> metrics, Supplier<StoreHealth> health) throws JMException {
        this.directory = directory;
        this.metrics = metrics;
        this.health = health;
        this.name = nameOf(directory);
    }

    static ObjectName nameOf(String directory) throws JMException {
        return new ObjectName(DOMAIN + ":type=EventLog,directory=" + ObjectName.quote(directory));
    }

    /**
     * Registers the log's MXBean with the platform MBean server.
     *
     * @throws IllegalStateException if JMX refuses it (the name is taken: another log of this
     *     directory registered in this JVM and not closed)
     */
    static LogMXBean register(String directory, Supplier<LogMetrics> metrics, Supplier<StoreHealth> health) {
        try {
            LogMXBean bean = new LogMXBean(directory, metrics, health);
            bean.snapshot = metrics.get();
            bean.takenAtNanos = System.nanoTime();
            ManagementFactory.getPlatformMBeanServer().registerMBean(bean, bean.name);
            return bean;
        } catch (JMException e) {
            throw new IllegalStateException("registering the JMX bean of the log in " + directory + " failed: " + e, e);
        }
    }

    /** Unregisters; nothing happens if it is already gone. */
    void unregister() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException gone) {
            // unregistered by someone else: nothing to do
        } catch (JMException e) {
            System.getLogger(LogMXBean.class.getName())
                    .log(System.Logger.Level.WARNING, () -> "unregistering the JMX bean " + name + " failed", e);
        }
    }

    ObjectName name() {
        return name;
    }

    private synchronized LogMetrics metrics() {
        long now = System.nanoTime();
        if (now - takenAtNanos >= SNAPSHOT_NANOS) {
            try {
                snapshot = metrics.get();
            } catch (EventLogClosedException closed) {
                // keep the last values
            }
            takenAtNanos = now;
        }
        return snapshot;
    }

    private StoreHealth healthNow() {
        try {
            return health.get();
        } catch (EventLogClosedException closed) {
            return new StoreHealth(StoreHealth.Status.FAILED, "the log is closed", java.time.Instant.now());
        }
    }

    @Override
    public String getDirectory() {
        return directory;
    }

    @Override
    public String getHealth() {
        return healthNow().status().name();
    }

    @Override
    public String getHealthReason() {
        return healthNow().reason();
    }

    @Override
    public String getHealthSince() {
        return healthNow().since().toString();
    }

    @Override
    public long getEntriesWritten() {
        return metrics().entriesWritten();
    }

    @Override
    public long getPayloadBytesWritten() {
        return metrics().payloadBytesWritten();
    }

    @Override
    public long getFlushes() {
        return metrics().flushes();
    }

    @Override
    public long getFlushNanosP50() {
        return metrics().flushNanos().p50();
    }

    @Override
    public long getFlushNanosP99() {
        return metrics().flushNanos().p99();
    }

    @Override
    public long getFlushNanosP999() {
        return metrics().flushNanos().p999();
    }

    @Override
    public long getFlushNanosMax() {
        return metrics().flushNanos().max();
    }

    @Override
    public long getFsyncs() {
        return metrics().fsyncNanos().count();
    }

    @Override
    public long getFsyncNanosP50() {
        return metrics().fsyncNanos().p50();
    }

    @Override
    public long getFsyncNanosP99() {
        return metrics().fsyncNanos().p99();
    }

    @Override
    public long getFsyncNanosMax() {
        return metrics().fsyncNanos().max();
    }

    @Override
    public long getEntriesPerFlushP50() {
        return metrics().entriesPerFlush().p50();
    }

    @Override
    public long getAsyncQueueEntries() {
        return metrics().asyncQueueEntries();
    }

    @Override
    public long getAsyncQueueBytes() {
        return metrics().asyncQueueBytes();
    }

    @Override
    public long getBufferedEntries() {
        return metrics().bufferedEntries();
    }

    @Override
    public long getLastLsn() {
        return metrics().lastLsn();
    }

    @Override
    public long getLastFlushedLsn() {
        return metrics().lastFlushedLsn();
    }

    @Override
    public long getFirstRetainedLsn() {
        return metrics().firstRetainedLsn();
    }

    @Override
    public long getTruncations() {
        return metrics().truncations();
    }

    @Override
    public long getCheckpoints() {
        return metrics().checkpoints();
    }

    @Override
    public long getCompactionLagLsns() {
        return metrics().compactionLagLsns();
    }

    @Override
    public long getMemtableBytes() {
        return metrics().rocksdb().memtableBytes();
    }

    @Override
    public long getBlockCacheBytes() {
        return metrics().rocksdb().blockCacheBytes();
    }

    @Override
    public long getTableReaderBytes() {
        return metrics().rocksdb().tableReaderBytes();
    }

    @Override
    public long getEstimatedLiveDataBytes() {
        return metrics().rocksdb().estimatedLiveDataBytes();
    }

    @Override
    public long getPendingCompactionBytes() {
        return metrics().rocksdb().pendingCompactionBytes();
    }

    @Override
    public long getWriteStopped() {
        return metrics().rocksdb().writeStopped();
    }

    @Override
    public long getBackgroundErrors() {
        return metrics().rocksdb().backgroundErrors();
    }
}
