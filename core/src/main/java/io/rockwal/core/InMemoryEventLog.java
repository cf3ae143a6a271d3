package io.rockwal.core;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An {@link EventLog} held in memory: the reference model that tests compare the durable logs with.
 *
 * <p>It keeps the same contract as the durable logs, in the simplest way that could be right: one
 * lock around everything. What a flush made "durable" lives in a {@link Storage} that outlives the
 * log, so a test can close the log, or {@linkplain #crash() crash} it, and open it again on the same
 * storage. Not meant for production: nothing survives the process.
 */
public final class InMemoryEventLog implements EventLog {

    /**
     * The durable part of an in-memory log: what flushes wrote. Survives {@link #close()} and
     * {@link #crash()}; at most one log may be open on it at a time.
     */
    public static final class Storage {
        private final TreeMap<Long, WalEntry> entries = new TreeMap<>();
        private final List<Long> checkpoints = new ArrayList<>();
        private long lastFlushedLsn;
        private long lastUpdatedMillis;
        private long firstRetainedLsn = 1;
        private boolean inUse;

        /** An empty storage. */
        public Storage() {
        }
    }

    private final Storage storage;
    private final EventCatalog catalog;
    private final int batchSize;
    private final int maxCheckpoints;
    private final InstantSource clock;
    private final List<WalEntry> buffer = new ArrayList<>();
    private long lastLsn;
    private boolean closed;

    private InMemoryEventLog(Storage storage, EventCatalog catalog, int batchSize, int maxCheckpoints, InstantSource clock) {
        this.storage = storage;
        this.catalog = catalog;
        this.batchSize = batchSize <= 0 ? DEFAULT_BATCH_SIZE : batchSize;
        this.maxCheckpoints = maxCheckpoints;
        this.clock = clock;
        this.lastLsn = storage.lastFlushedLsn;
    }

    /** A new log on fresh storage with the default batch size and checkpoint limit. */
    public static InMemoryEventLog create(EventCatalog catalog) {
        return open(new Storage(), catalog, DEFAULT_BATCH_SIZE, DEFAULT_MAX_CHECKPOINTS, InstantSource.system());
    }

    /**
     * Opens a log on the given storage.
     *
     * @param batchSize entries buffered before an automatic flush; zero or less means {@value EventLog#DEFAULT_BATCH_SIZE}
     * @param maxCheckpoints checkpoints kept, at least 1
     * @throws EventLogInUseException if another log is open on the storage
     */
    public static InMemoryEventLog open(Storage storage, EventCatalog catalog, int batchSize, int maxCheckpoints,
            InstantSource clock) {
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(clock, "clock");
        if (maxCheckpoints < 1) {
            throw new IllegalArgumentException("maximum checkpoints must be at least 1, was " + maxCheckpoints);
        }
        synchronized (storage) {
            if (storage.inUse) {
                throw new EventLogInUseException("in-memory storage " + Integer.toHexString(storage.hashCode()), null);
            }
            storage.inUse = true;
        }
        return new InMemoryEventLog(storage, catalog, batchSize, maxCheckpoints, clock);
    }

    @Override
    public long write(Event event) {
        EncodedEvent encoded = catalog.encode(event);
        synchronized (storage) {
            checkOpen();
            long lsn = lastLsn + 1;
            buffer.add(new WalEntry(lsn, encoded.type(), encoded.operation(), clock.millis(), encoded.codecId(),
                    encoded.payload()));
            lastLsn = lsn;
            if (buffer.size() >= batchSize) {
                flushLocked();
            }
            return lsn;
        }
    }

    @Override
    public void flush() {
        synchronized (storage) {
            checkOpen();
            flushLocked();
        }
    }

    @Override
    public Optional<WalEntry> get(long lsn) {
        if (lsn < 1) {
            throw new IllegalArgumentException("LSN must be at least 1, was " + lsn);
        }
        synchronized (storage) {
            checkOpen();
            if (lsn < storage.firstRetainedLsn || lsn > lastLsn) {
                return Optional.empty();
            }
            if (lsn <= storage.lastFlushedLsn) {
                return Optional.ofNullable(storage.entries.get(lsn));
            }
            return Optional.of(buffer.get((int) (lsn - storage.lastFlushedLsn - 1)));
        }
    }

    @Override
    public void replay(EntryHandler handler) {
        Objects.requireNonNull(handler, "handler");
        deliver(snapshot(null), handler);
    }

    @Override
    public void replay(WalType type, EntryHandler handler) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(handler, "handler");
        deliver(snapshot(type), handler);
    }

    @Override
    public void truncateBefore(long beforeLsn) {
        synchronized (storage) {
            checkOpen();
            checkTruncationBound(beforeLsn);
            if (beforeLsn <= storage.firstRetainedLsn) {
                return;
            }
            flushLocked();
            removeBefore(beforeLsn);
            storage.lastUpdatedMillis = clock.millis();
        }
    }

    @Override
    public long createCheckpoint() {
        synchronized (storage) {
            checkOpen();
            flushLocked();
            long checkpointLsn = storage.lastFlushedLsn;
            storage.checkpoints.add(checkpointLsn);
            if (storage.checkpoints.size() > maxCheckpoints) {
                long oldest = storage.checkpoints.remove(0);
                if (oldest > storage.firstRetainedLsn) {
                    removeBefore(oldest);
                }
            }
            storage.lastUpdatedMillis = clock.millis();
            return checkpointLsn;
        }
    }

    @Override
    public List<Long> checkpoints() {
        synchronized (storage) {
            checkOpen();
            return List.copyOf(storage.checkpoints);
        }
    }

    @Override
    public long lastLsn() {
        synchronized (storage) {
            checkOpen();
            return lastLsn;
        }
    }

    @Override
    public long lastFlushedLsn() {
        synchronized (storage) {
            checkOpen();
            return storage.lastFlushedLsn;
        }
    }

    @Override
    public LsnMetadata metadata() {
        synchronized (storage) {
            checkOpen();
            return new LsnMetadata(lastLsn, storage.lastFlushedLsn, storage.lastUpdatedMillis, storage.firstRetainedLsn);
        }
    }

    @Override
    public void close() {
        synchronized (storage) {
            if (closed) {
                return;
            }
            try {
                flushLocked();
            } finally {
                closed = true;
                storage.inUse = false;
            }
        }
    }

    /**
     * Simulates a process kill: the buffer is lost, the storage keeps what was flushed, and the log is
     * closed without flushing.
     */
    public void crash() {
        synchronized (storage) {
            if (closed) {
                return;
            }
            buffer.clear();
            closed = true;
            storage.inUse = false;
        }
    }

    private void flushLocked() {
        if (buffer.isEmpty()) {
            return;
        }
        for (WalEntry entry : buffer) {
            storage.entries.put(entry.lsn(), entry);
        }
        storage.lastFlushedLsn = lastLsn;
        storage.lastUpdatedMillis = clock.millis();
        buffer.clear();
    }

    private void removeBefore(long beforeLsn) {
        storage.entries.headMap(beforeLsn).clear();
        storage.firstRetainedLsn = beforeLsn;
    }

    private void checkTruncationBound(long beforeLsn) {
        if (beforeLsn < 0 || beforeLsn > lastLsn + 1) {
            throw new IllegalArgumentException("cannot truncate before LSN " + beforeLsn
                    + ": it must be between 0 and last LSN + 1 = " + (lastLsn + 1));
        }
    }

    private List<WalEntry> snapshot(WalType typeOrNull) {
        synchronized (storage) {
            checkOpen();
            List<WalEntry> copy = new ArrayList<>();
            for (WalEntry entry : storage.entries.tailMap(storage.firstRetainedLsn).values()) {
                if (typeOrNull == null || entry.type().equals(typeOrNull)) {
                    copy.add(entry);
                }
            }
            for (WalEntry entry : buffer) {
                if (typeOrNull == null || entry.type().equals(typeOrNull)) {
                    copy.add(entry);
                }
            }
            return copy;
        }
    }

    private static void deliver(List<WalEntry> entries, EntryHandler handler) {
        for (WalEntry entry : entries) {
            try {
                handler.handle(entry);
            } catch (Exception e) {
                throw new ReplayAbortedException(entry.lsn(), e);
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new EventLogClosedException("in-memory log");
        }
    }
}
