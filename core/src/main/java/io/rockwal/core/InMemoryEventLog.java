package io.rockwal.core;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An {@link EventLog} held in memory: the reference model that tests compare the durable logs with.
 *
 * <p>It keeps the same contract as the durable logs, in the simplest way that could be right: one
 * lock around everything, linear scans where a durable log has an index. What a flush made "durable"
 * lives in a {@link Storage} that outlives the log, so a test can close the log, or
 * {@linkplain #crash() crash} it, and open it again on the same storage. {@link #writeAsync} writes
 * and flushes at once. Not meant for production: nothing survives the process.
 */
public final class InMemoryEventLog implements EventLog {

    /**
     * The durable part of an in-memory log: what flushes wrote. Survives {@link #close()} and
     * {@link #crash()}; at most one log may be open on it at a time.
     */
    public static final class Storage {
        private final TreeMap<Long, WalEntry> entries = new TreeMap<>();
        private final Map<Long, byte[]> indexKeys = new HashMap<>();
        private final List<Long> checkpoints = new ArrayList<>();
        private long lastFlushedLsn;
        private long lastUpdatedMillis;
        private long firstRetainedLsn = 1;
        private boolean inUse;

        /** An empty storage. */
        public Storage() {
        }
    }

    /** A written entry with the secondary key its codec gave it (null when none). */
    private record Written(WalEntry entry, byte[] indexKey) {
    }

    private final Storage storage;
    private final EventCatalog catalog;
    private final int batchSize;
    private final int maxCheckpoints;
    private final InstantSource clock;
    private final List<Written> buffer = new ArrayList<>();
    private final List<InMemorySubscription> subscriptions = new CopyOnWriteArrayList<>();
    private long lastLsn;
    private boolean closed;
    /** Replays running on each thread, so that a handler closing this log is refused like on every log. */
    private final ThreadLocal<Integer> replaysOnThisThread = ThreadLocal.withInitial(() -> 0);

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
        return append(catalog.encode(event), false);
    }

    @Override
    public CompletableFuture<Long> writeAsync(Event event) {
        return CompletableFuture.completedFuture(append(catalog.encode(event), true));
    }

    private long append(EncodedEvent encoded, boolean flushNow) {
        synchronized (storage) {
            checkOpen();
            long lsn = lastLsn + 1;
            buffer.add(new Written(new WalEntry(lsn, encoded.type(), encoded.operation(), clock.millis(),
                    encoded.codecId(), encoded.payload()), encoded.indexKey()));
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
            return Optional.of(buffer.get((int) (lsn - storage.lastFlushedLsn - 1)).entry());
        }
    }

    @Override
    public void replay(EntryHandler handler) {
        Objects.requireNonNull(handler, "handler");
        deliver(entries(null, 1), handler);
    }

    @Override
    public void replay(WalType type, EntryHandler handler) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(handler, "handler");
        deliver(entries(type, 1), handler);
    }

    @Override
    public Optional<WalEntry> last(WalType type) {
        Objects.requireNonNull(type, "type");
        List<WalEntry> all = entries(type, 1);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    @Override
    public Map<WalType, WalEntry> hydrateAll() {
        Map<WalType, WalEntry> last = new LinkedHashMap<>();
        for (WalEntry entry : entries(null, 1)) {
            last.put(entry.type(), entry);
        }
        return last;
    }

    @Override
    public List<WalEntry> scan(WalType type, long fromLsn, int limit) {
        Objects.requireNonNull(type, "type");
        return page(entries(type, fromLsn), limit);
    }

    @Override
    public List<WalEntry> scan(long fromLsn, int limit) {
        return page(entries(null, fromLsn), limit);
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
    public List<WalEntry> findByKey(WalType type, byte[] key) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(key, "key");
        List<WalEntry> found = new ArrayList<>();
        for (Written written : written(type)) {
            if (written.indexKey() != null && IndexKeys.compare(written.indexKey(), key) == 0) {
                found.add(written.entry());
            }
        }
        return found;
    }

    @Override
    public List<WalEntry> scanByKey(WalType type, byte[] fromKey, byte[] beforeKey, int limit) {
        Objects.requireNonNull(type, "type");
        checkLimit(limit);
        List<Written> keyed = new ArrayList<>();
        for (Written written : written(type)) {
            byte[] key = written.indexKey();
            if (key != null && (fromKey == null || IndexKeys.compare(key, fromKey) >= 0)
                    && (beforeKey == null || IndexKeys.compare(key, beforeKey) < 0)) {
                keyed.add(written);
            }
        }
        keyed.sort(Comparator.<Written, byte[]>comparing(Written::indexKey, IndexKeys::compare)
                .thenComparingLong(written -> written.entry().lsn()));
        return keyed.stream().limit(limit).map(Written::entry).toList();
    }

    @Override
    public long count(WalType type) {
        Objects.requireNonNull(type, "type");
        return entries(type, 1).size();
    }

    @Override
    public Subscription subscribe(long fromLsn, EntryHandler handler) {
        return startSubscription(null, fromLsn, handler);
    }

    @Override
    public Subscription subscribe(WalType type, long fromLsn, EntryHandler handler) {
        return startSubscription(Objects.requireNonNull(type, "type"), fromLsn, handler);
    }

    @Override
    public void truncateBefore(long beforeLsn) {
        synchronized (storage) {
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
        if (replaysOnThisThread.get() > 0) {
            throw new IllegalStateException("close() of the in-memory log was called from inside a replay handler"
                    + " on the same log; close it afterwards");
        }
        synchronized (storage) {
            if (closed) {
                return;
            }
            try {
                flushLocked();
            } finally {
                closed = true;
                storage.inUse = false;
                storage.notifyAll();
            }
        }
        subscriptions.forEach(InMemorySubscription::close);
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
            storage.notifyAll();
        }
        subscriptions.forEach(InMemorySubscription::close);
    }

    /** What a subscription reads in one go: entries, and the LSN to continue from after them. */
    record Delivery(List<WalEntry> entries, long nextLsn) {
    }

    /**
     * For a subscription: up to {@code limit} flushed entries of the type (or all types) from
     * {@code fromLsn}, waiting up to {@code waitMillis} when there is none yet. Returns null once the
     * log is closed.
     *
     * @throws EntriesTruncatedException if {@code fromLsn} was truncated
     */
    Delivery awaitFlushed(WalType typeOrNull, long fromLsn, int limit, long waitMillis) throws InterruptedException {
        synchronized (storage) {
            if (closed) {
                return null;
            }
            if (fromLsn < storage.firstRetainedLsn) {
                throw new EntriesTruncatedException(fromLsn, storage.firstRetainedLsn);
            }
            if (fromLsn > storage.lastFlushedLsn) {
                storage.wait(waitMillis);
                return new Delivery(List.of(), fromLsn);
            }
            List<WalEntry> found = new ArrayList<>();
            for (WalEntry entry : storage.entries.tailMap(fromLsn).values()) {
                if (typeOrNull == null || entry.type().equals(typeOrNull)) {
                    found.add(entry);
                    if (found.size() == limit) {
                        return new Delivery(found, entry.lsn() + 1);
                    }
                }
            }
            return new Delivery(found, storage.lastFlushedLsn + 1);
        }
    }

    private Subscription startSubscription(WalType typeOrNull, long fromLsn, EntryHandler handler) {
        Objects.requireNonNull(handler, "handler");
        if (fromLsn < 1) {
            throw new IllegalArgumentException("LSN must be at least 1, was " + fromLsn);
        }
        synchronized (storage) {
            checkOpen();
            InMemorySubscription subscription = new InMemorySubscription(this, typeOrNull, fromLsn, handler);
            subscriptions.add(subscription);
            subscription.start();
            return subscription;
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
        storage.notifyAll();
    }

    private void removeBefore(long beforeLsn) {
        storage.entries.headMap(beforeLsn).clear();
        storage.indexKeys.keySet().removeIf(lsn -> lsn < beforeLsn);
        storage.firstRetainedLsn = beforeLsn;
    }

    /** Retained entries, flushed and buffered, of one type or all, from an LSN on. */
    private List<WalEntry> entries(WalType typeOrNull, long fromLsn) {
        return written(typeOrNull).stream().map(Written::entry).filter(entry -> entry.lsn() >= fromLsn).toList();
    }

    private List<Written> written(WalType typeOrNull) {
        synchronized (storage) {
            checkOpen();
            List<Written> copy = new ArrayList<>();
            for (WalEntry entry : storage.entries.tailMap(storage.firstRetainedLsn).values()) {
                if (typeOrNull == null || entry.type().equals(typeOrNull)) {
                    copy.add(new Written(entry, storage.indexKeys.get(entry.lsn())));
                }
            }
            for (Written written : buffer) {
                if (typeOrNull == null || written.entry().type().equals(typeOrNull)) {
                    copy.add(written);
                }
            }
            return copy;
        }
    }

    private static List<WalEntry> page(List<WalEntry> entries, int limit) {
        checkLimit(limit);
        return entries.stream().limit(limit).toList();
    }

    private static void checkLimit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, was " + limit);
        }
    }

    private void deliver(List<WalEntry> entries, EntryHandler handler) {
        replaysOnThisThread.set(replaysOnThisThread.get() + 1);
        try {
            for (WalEntry entry : entries) {
                try {
                    handler.handle(entry);
                } catch (Exception e) {
                    throw new ReplayAbortedException(entry.lsn(), e);
                }
            }
        } finally {
            replaysOnThisThread.set(replaysOnThisThread.get() - 1);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new EventLogClosedException("in-memory log");
        }
    }

    private boolean isClosed() {
        synchronized (storage) {
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
