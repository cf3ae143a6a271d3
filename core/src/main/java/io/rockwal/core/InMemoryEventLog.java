package io.rockwal.core;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * An {@link EventLog} held in memory: the reference model that tests compare the durable logs with.
 *
 * <p>It keeps the same contract as the durable logs, in the simplest way that could be right: one
 * lock around everything, linear scans where a durable log has an index, and a copy of the selected
 * entries for every cursor. What a flush made "durable" lives in a {@link Storage} that outlives the
 * log, so a test can close the log, or {@linkplain #crash() crash} it, and open it again on the same
 * storage. {@link #writeAsync} writes and flushes at once and returns a completed future, so chained
 * functions run on the caller's thread after the lock is released. Not meant for production: nothing
 * survives the process.
 */
public final class InMemoryEventLog implements EventLog {

    /**
     * The durable part of an in-memory log: what flushes wrote. Survives {@link #close()} and
     * {@link #crash()}; at most one log may be open on it at a time.
     */
    public static final class Storage {
        private final Object lock = new Object();
        private final TreeMap<Long, WalEntry> entries = new TreeMap<>();
        private final Map<Long, byte[]> indexKeys = new HashMap<>();
        private final List<Long> checkpoints = new ArrayList<>();
        private long lastFlushedLsn;
        private long lastUpdatedMillis;
        private long firstRetainedLsn = 1;
        private boolean inUse;

        /** An empty storage. */
        public Storage() {}
    }

    /** A written entry with the secondary key its codec gave it (null when none). */
    private record Written(WalEntry entry, byte[] indexKey) {}

    /** How long a subscription waits for a flush before it looks again. */
    private static final long SUBSCRIPTION_WAIT_MILLIS = 50;

    private final Storage storage;
    private final Object lock;
    private final EventCatalog catalog;
    private final List<WalType> types;
    private final int batchSize;
    private final int maxCheckpoints;
    private final InstantSource clock;
    private final List<Written> buffer = new ArrayList<>();
    private final Set<PollingSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    private long lastLsn;
    private boolean closed;
    /** Replays running on each thread, so that a handler closing this log is refused like on every log. */
    private final ThreadLocal<Integer> replaysOnThisThread = ThreadLocal.withInitial(() -> 0);

    private InMemoryEventLog(
            Storage storage, EventCatalog catalog, int batchSize, int maxCheckpoints, InstantSource clock) {
        this.storage = storage;
        this.lock = storage.lock;
        this.catalog = catalog;
        this.types = List.copyOf(catalog.types());
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
    public static InMemoryEventLog open(
            Storage storage, EventCatalog catalog, int batchSize, int maxCheckpoints, InstantSource clock) {
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(clock, "clock");
        if (maxCheckpoints < 1) {
            throw new IllegalArgumentException("maximum checkpoints must be at least 1, was " + maxCheckpoints);
        }
        synchronized (storage.lock) {
            if (storage.inUse) {
                throw new EventLogInUseException("in-memory storage " + Integer.toHexString(storage.hashCode()), null);
            }
            storage.inUse = true;
        }
        return new InMemoryEventLog(storage, catalog, batchSize, maxCheckpoints, clock);
    }

    // ---- writes ----

    @Override
    public long write(Event event) {
        return append(catalog.encode(event), false);
    }

    @Override
    public CompletableFuture<Long> writeAsync(Event event) {
        return CompletableFuture.completedFuture(append(catalog.encode(event), true));
    }

    private long append(EncodedEvent encoded, boolean flushNow) {
        synchronized (lock) {
            checkOpen();
            long lsn = lastLsn + 1;
            buffer.add(new Written(
                    new WalEntry(
                            lsn,
                            encoded.type(),
                            encoded.operation(),
                            clock.millis(),
                            encoded.codecId(),
                            encoded.payload()),
                    encoded.indexKey()));
            lastLsn = lsn;
            if (flushNow || buffer.size() >= batchSize) {
                flushLocked();
            }
            return lsn;
        }
    }

    @Override
    public CompletableFuture<Long> checkpointAsync() {
        return CompletableFuture.completedFuture(createCheckpoint());
    }

    @Override
    public void flush() {
        synchronized (lock) {
            checkOpen();
            flushLocked();
        }
    }

    @Override
    public void truncateBefore(long beforeLsn) {
        synchronized (lock) {
            checkOpen();
            if (beforeLsn < 0 || beforeLsn > lastLsn + 1) {
                throw new IllegalArgumentException("cannot truncate before LSN " + beforeLsn
                        + ": it must be between 0 and last LSN + 1 = " + (lastLsn + 1));
            }
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
        synchronized (lock) {
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

    private void flushLocked() {
        if (buffer.isEmpty()) {
            return;
        }
        for (Written written : buffer) {
            storage.entries.put(written.entry().lsn(), written.entry());
            if (written.indexKey() != null) {
                storage.indexKeys.put(written.entry().lsn(), written.indexKey());
            }
        }
        storage.lastFlushedLsn = lastLsn;
        storage.lastUpdatedMillis = clock.millis();
        buffer.clear();
        lock.notifyAll();
    }

    private void removeBefore(long beforeLsn) {
        storage.entries.headMap(beforeLsn).clear();
        storage.indexKeys.keySet().removeIf(lsn -> lsn < beforeLsn);
        storage.firstRetainedLsn = beforeLsn;
    }

    // ---- reads ----

    @Override
    public Optional<WalEntry> get(long lsn) {
        if (lsn < 1) {
            throw new IllegalArgumentException("LSN must be at least 1, was " + lsn);
        }
        synchronized (lock) {
            checkOpen();
            if (lsn < storage.firstRetainedLsn || lsn > lastLsn) {
                return Optional.empty();
            }
            if (lsn <= storage.lastFlushedLsn) {
                return Optional.ofNullable(storage.entries.get(lsn));
            }
            return Optional.of(
                    buffer.get((int) (lsn - storage.lastFlushedLsn - 1)).entry());
        }
    }

    @Override
    public Optional<WalEntry> last(WalType type) {
        Objects.requireNonNull(type, "type");
        List<Written> all = written(type);
        return all.isEmpty()
                ? Optional.empty()
                : Optional.of(all.get(all.size() - 1).entry());
    }

    @Override
    public long count(WalType type) {
        Objects.requireNonNull(type, "type");
        return written(type).size();
    }

    @Override
    public EntryCursor cursor(long fromLsn) {
        return new ListCursor(entries(null, fromLsn).iterator());
    }

    @Override
    public EntryCursor cursor(WalType type, long fromLsn) {
        Objects.requireNonNull(type, "type");
        return new ListCursor(entries(type, fromLsn).iterator());
    }

    @Override
    public void replay(EntryHandler handler) {
        inReplay(() -> EventLog.super.replay(handler));
    }

    @Override
    public void replay(WalType type, EntryHandler handler) {
        inReplay(() -> EventLog.super.replay(type, handler));
    }

    @Override
    public List<WalEntry> findByKey(WalType type, byte[] key) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(key, "key");
        return keyed(type, key, true, key).stream().map(Written::entry).toList();
    }

    @Override
    public List<WalEntry> scanByKey(WalType type, byte[] fromKey, byte[] beforeKey, int limit) {
        Objects.requireNonNull(type, "type");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, was " + limit);
        }
        List<Written> keyed = new ArrayList<>(keyed(type, fromKey, false, beforeKey));
        keyed.sort(Comparator.<Written, byte[]>comparing(Written::indexKey, IndexKeys::compare)
                .thenComparingLong(written -> written.entry().lsn()));
        return keyed.stream().limit(limit).map(Written::entry).toList();
    }

    /** Entries of the type with a key from {@code fromKey} up to {@code toKey} (a null bound is open), in LSN order. */
    private List<Written> keyed(WalType type, byte[] fromKey, boolean toInclusive, byte[] toKey) {
        List<Written> found = new ArrayList<>();
        for (Written written : written(type)) {
            byte[] key = written.indexKey();
            if (key != null
                    && (fromKey == null || IndexKeys.compare(key, fromKey) >= 0)
                    && (toKey == null || IndexKeys.compare(key, toKey) < (toInclusive ? 1 : 0))) {
                found.add(written);
            }
        }
        return found;
    }

    @Override
    public LsnMetadata metadata() {
        synchronized (lock) {
            checkOpen();
            return new LsnMetadata(
                    lastLsn, storage.lastFlushedLsn, storage.lastUpdatedMillis, storage.firstRetainedLsn);
        }
    }

    @Override
    public long lastLsn() {
        return metadata().lastLsn();
    }

    @Override
    public long lastFlushedLsn() {
        return metadata().lastFlushedLsn();
    }

    @Override
    public List<Long> checkpoints() {
        synchronized (lock) {
            checkOpen();
            return List.copyOf(storage.checkpoints);
        }
    }

    /** The catalogue's types, in registration order. */
    @Override
    public List<WalType> types() {
        synchronized (lock) {
            checkOpen();
            return types;
        }
    }

    @Override
    public Subscription subscribe(long fromLsn, EntryHandler handler) {
        return startSubscription(null, fromLsn, handler);
    }

    @Override
    public Subscription subscribe(WalType type, long fromLsn, EntryHandler handler) {
        return startSubscription(Objects.requireNonNull(type, "type"), fromLsn, handler);
    }

    private Subscription startSubscription(WalType typeOrAll, long fromLsn, EntryHandler handler) {
        Objects.requireNonNull(handler, "handler");
        synchronized (lock) {
            checkOpen();
            return PollingSubscription.start(
                    "in-memory",
                    fromLsn,
                    handler,
                    (from, limit) -> awaitFlushed(typeOrAll, from, limit),
                    subscriptions);
        }
    }

    /**
     * A subscription's read: up to {@code limit} flushed entries of the type (null: all types) from
     * {@code fromLsn}, waiting a little when there is none yet; null once the log is closed.
     */
    @SuppressWarnings("WaitNotInLoop") // one bounded wait per poll: the polling subscription is the loop
    private PollingSubscription.Chunk awaitFlushed(WalType typeOrAll, long fromLsn, int limit)
            throws InterruptedException {
        synchronized (lock) {
            if (closed) {
                return null;
            }
            if (fromLsn < storage.firstRetainedLsn) {
                throw new EntriesTruncatedException(fromLsn, storage.firstRetainedLsn);
            }
            if (fromLsn > storage.lastFlushedLsn) {
                lock.wait(SUBSCRIPTION_WAIT_MILLIS);
                return new PollingSubscription.Chunk(List.of(), fromLsn);
            }
            List<WalEntry> found = new ArrayList<>();
            for (WalEntry entry : storage.entries.tailMap(fromLsn).values()) {
                if (typeOrAll == null || entry.type().equals(typeOrAll)) {
                    found.add(entry);
                    if (found.size() == limit) {
                        return new PollingSubscription.Chunk(found, entry.lsn() + 1);
                    }
                }
            }
            return new PollingSubscription.Chunk(found, storage.lastFlushedLsn + 1);
        }
    }

    // ---- lifecycle ----

    @Override
    public void close() {
        if (replaysOnThisThread.get() > 0) {
            throw new IllegalStateException("close() of the in-memory log was called from inside a replay handler"
                    + " on the same log; close it afterwards");
        }
        synchronized (lock) {
            if (closed) {
                return;
            }
            try {
                flushLocked();
            } finally {
                closed = true;
                storage.inUse = false;
                lock.notifyAll();
            }
        }
        List.copyOf(subscriptions).forEach(PollingSubscription::close);
    }

    /**
     * Simulates a process kill: the buffer is lost, the storage keeps what was flushed, and the log is
     * closed without flushing.
     */
    public void crash() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            buffer.clear();
            closed = true;
            storage.inUse = false;
            lock.notifyAll();
        }
        List.copyOf(subscriptions).forEach(PollingSubscription::close);
    }

    private void inReplay(Runnable replay) {
        replaysOnThisThread.set(replaysOnThisThread.get() + 1);
        try {
            replay.run();
        } finally {
            replaysOnThisThread.set(replaysOnThisThread.get() - 1);
        }
    }

    /** Retained entries, flushed and buffered, of one type (null: all types), from an LSN on. */
    private List<WalEntry> entries(WalType typeOrAll, long fromLsn) {
        return written(typeOrAll).stream()
                .map(Written::entry)
                .filter(entry -> entry.lsn() >= fromLsn)
                .toList();
    }

    private List<Written> written(WalType typeOrAll) {
        return locked(() -> {
            List<Written> copy = new ArrayList<>();
            for (WalEntry entry :
                    storage.entries.tailMap(storage.firstRetainedLsn).values()) {
                if (typeOrAll == null || entry.type().equals(typeOrAll)) {
                    copy.add(new Written(entry, storage.indexKeys.get(entry.lsn())));
                }
            }
            for (Written written : buffer) {
                if (typeOrAll == null || written.entry().type().equals(typeOrAll)) {
                    copy.add(written);
                }
            }
            return copy;
        });
    }

    private <T> T locked(Supplier<T> read) {
        synchronized (lock) {
            checkOpen();
            return read.get();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new EventLogClosedException("in-memory log");
        }
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /** A cursor over a copy taken when it was opened. */
    private final class ListCursor implements EntryCursor {
        private final Iterator<WalEntry> entries;
        private boolean cursorClosed;

        ListCursor(Iterator<WalEntry> entries) {
            this.entries = entries;
        }

        @Override
        public boolean hasNext() {
            if (cursorClosed || isClosed()) {
                throw new EventLogClosedException("in-memory log (cursor)");
            }
            return entries.hasNext();
        }

        @Override
        public WalEntry next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return entries.next();
        }

        @Override
        public void close() {
            cursorClosed = true;
        }
    }
}
