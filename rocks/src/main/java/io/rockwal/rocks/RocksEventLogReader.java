package io.rockwal.rocks;

import io.rockwal.core.EntryCursor;
import io.rockwal.core.EntryHandler;
import io.rockwal.core.EventCatalog;
import io.rockwal.core.EventLogIOException;
import io.rockwal.core.EventLogView;
import io.rockwal.core.LsnMetadata;
import io.rockwal.core.PollingSubscription;
import io.rockwal.core.Subscription;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.rocksdb.RocksDBException;

/**
 * An {@link EventLogView} of a store, safe to open while a node has the store open for writing: it
 * never writes to the store's directory. What the debugging tool, a web page or an exporter in another
 * process reads a store with.
 *
 * <p>If no log holds the directory, the store is opened read-only: a view of what is on disk. If a log
 * holds it, the reader opens a RocksDB secondary instance, which follows the writer when told to:
 * {@link #catchUp()} reads what the writer has flushed since and says how far it got. Subscriptions
 * catch up by themselves, every poll interval, so they follow the writer like {@code tail -f}. A
 * catch-up also moves to a fresh instance when the one in use cannot show the store's latest state:
 * once a writer has opened the store since (RocksDB's {@code CURRENT} file changed), a read-only
 * instance once a writer holds the store, and any instance that has seen nothing new for
 * {@value #REFRESH_WHEN_IDLE_MILLIS} ms (a RocksDB secondary instance can keep serving an old value of
 * the store's metadata, rocksdb issue 15051). Cursors open at that moment go on reading the instance
 * they started on.
 *
 * <p>Entries a writer has not flushed yet are invisible to a reader: its {@link #lastLsn()} is its
 * last flushed LSN. Every read between two catch-ups sees one state. Thread-safe; a secondary instance
 * keeps its own small info log in a temporary directory, deleted when the instance is released.
 */
public final class RocksEventLogReader extends StoreView {

    /** How the reader opened the store. */
    public enum Mode {
        /** No writer held the store: a view of what is on disk. */
        READ_ONLY,
        /** A writer holds the store: a secondary instance that follows it on {@link #catchUp()}. */
        SECONDARY
    }

    /** How often a subscription looks for new entries unless told otherwise: 100 ms. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(100);

    /** A catch-up that has seen nothing new for this long moves to a fresh instance. */
    static final long REFRESH_WHEN_IDLE_MILLIS = 2_000;

    /** Consecutive failed catch-ups a subscription rides out (the writer deleting files under it) before it ends. */
    private static final int MAX_FAILED_CATCH_UPS = 3;

    private static final System.Logger LOG = System.getLogger(RocksEventLogReader.class.getName());

    private final Path dir;
    private final long pollMillis;
    private final Object catchUpMonitor = new Object();
    private final Set<LogCursor> cursors = ConcurrentHashMap.newKeySet();
    private final Set<PollingSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    private volatile ReaderInstance current;
    private long lastSeenLsn;
    private long lastNewsNanos;

    private RocksEventLogReader(Path dir, ReaderInstance instance, Duration pollInterval) {
        super(new Lifecycle(dir + " (reader)"));
        this.dir = dir;
        this.current = instance;
        this.pollMillis = Math.max(1, pollInterval.toMillis());
        this.lastSeenLsn = instance.visible().lsns().lastFlushedLsn();
        this.lastNewsNanos = System.nanoTime();
    }

    /**
     * Opens the store in {@code dir} for reading, read-only or as a secondary instance (see above),
     * with subscriptions polling every {@link #DEFAULT_POLL_INTERVAL}.
     *
     * @throws EventLogIOException if there is no rockwal store in {@code dir} or it cannot be read
     * @throws io.rockwal.core.IncompatibleFormatException if another format version wrote it
     * @throws io.rockwal.core.EventLogCorruptedException if its metadata is damaged
     */
    public static RocksEventLogReader open(Path dir) {
        return open(dir, DEFAULT_POLL_INTERVAL);
    }

    /**
     * As {@link #open(Path)}, with subscriptions looking for new entries every {@code pollInterval}
     * (each look is a catch-up: a few small reads of the writer's newest files).
     *
     * @throws IllegalArgumentException if {@code pollInterval} is not positive
     */
    public static RocksEventLogReader open(Path dir, Duration pollInterval) {
        Path store = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("poll interval must be positive, was " + pollInterval);
        }
        return new RocksEventLogReader(store, ReaderInstance.open(store), pollInterval);
    }

    /**
     * Whether {@code dir} holds a rockwal store: a RocksDB database a rockwal log has opened (its
     * {@code CURRENT} file and rockwal's lock file). Looks at file names only; nothing is opened.
     */
    public static boolean isStore(Path dir) {
        Objects.requireNonNull(dir, "dir");
        return Files.isRegularFile(dir.resolve(StoreResources.CURRENT_FILE))
                && Files.exists(dir.resolve(StoreLock.FILE_NAME));
    }

    /** How the store is opened now; a catch-up can change it (see the class documentation). */
    public Mode mode() {
        return withInstance(ReaderInstance::mode);
    }

    /** The store's directory, absolute. */
    public Path directory() {
        return dir;
    }

    /**
     * Reads what the writer flushed since the last catch-up (a read-only view does not change, but may
     * be replaced, see above) and reloads the metadata. Waits for reads in progress; reads wait for it.
     *
     * @return the LSN state now visible; its last flushed LSN says how far the reader got
     */
    public LsnMetadata catchUp() {
        lifecycle.enter();
        try {
            synchronized (catchUpMonitor) {
                ReaderInstance instance = current;
                try {
                    instance.catchUp();
                } catch (EventLogIOException e) {
                    // typically a secondary that meets a table file the writer has compacted away since:
                    // it cannot get past it, while a fresh instance starts from the writer's current files
                    if (!refresh(instance, System.nanoTime())) {
                        throw e;
                    }
                    return current.visible().lsns();
                }
                long now = System.nanoTime();
                long seen = instance.visible().lsns().lastFlushedLsn();
                if (seen != lastSeenLsn) {
                    lastSeenLsn = seen;
                    lastNewsNanos = now;
                }
                if (instance.outdated() || now - lastNewsNanos >= REFRESH_WHEN_IDLE_MILLIS * 1_000_000) {
                    refresh(instance, now);
                }
                return current.visible().lsns();
            }
        } finally {
            lifecycle.exit();
        }
    }

    /**
     * Moves to a fresh instance; if it cannot be opened now (an I/O error), goes on with the old one
     * and tries again at a later catch-up.
     *
     * @return whether it moved
     */
    private boolean refresh(ReaderInstance stale, long now) {
        lastNewsNanos = now;
        ReaderInstance fresh;
        try {
            fresh = ReaderInstance.open(dir);
        } catch (EventLogIOException e) {
            LOG.log(Level.DEBUG, () -> "reopening " + dir + " failed, reading on with the open instance: " + e);
            return false;
        }
        current = fresh;
        lastSeenLsn = fresh.visible().lsns().lastFlushedLsn();
        stale.release();
        return true;
    }

    /** The LSN state as of the last catch-up (or open); its last LSN is its last flushed LSN. */
    @Override
    public LsnMetadata metadata() {
        return withInstance(instance -> instance.visible().lsns());
    }

    /** The checkpoints as of the last catch-up, oldest first. */
    @Override
    public List<Long> checkpoints() {
        return withInstance(instance -> instance.visible().checkpoints());
    }

    /** Every entry type with a column family in the store. */
    @Override
    public List<WalType> types() {
        return withInstance(instance -> instance.resources().typeColumns().stream()
                .map(TypeColumn::type)
                .toList());
    }

    /** Column families that are neither entry types nor the store's own. */
    public List<String> foreignColumnFamilies() {
        return withInstance(instance -> List.copyOf(instance.resources().foreignColumnFamilies()));
    }

    /** The store format version found on disk (never another than this build reads: open refuses those). */
    public int formatVersion() {
        return withInstance(instance -> instance.visible().formatVersion());
    }

    @Override
    public Optional<WalEntry> get(long lsn) {
        return withInstance(instance -> instance.reader().get(lsn));
    }

    @Override
    public Optional<WalEntry> last(WalType type) {
        Objects.requireNonNull(type, "type");
        return withInstance(instance -> instance.reader().last(type));
    }

    /** How many entries of the type are visible; two seeks, as in an open log. */
    @Override
    public long count(WalType type) {
        Objects.requireNonNull(type, "type");
        return withInstance(instance -> instance.reader().count(type));
    }

    @Override
    public long count(WalType type, long fromLsn, long toLsn) {
        Objects.requireNonNull(type, "type");
        return withInstance(instance -> instance.reader().count(type, fromLsn, toLsn));
    }

    @Override
    EntryCursor openCursor(WalType typeOrAll, long fromLsn) {
        lifecycle.enter();
        try {
            ReaderInstance instance = acquire();
            try {
                LogCursor cursor = instance.read(
                        () -> instance.reader().cursor(instance.selection(typeOrAll), fromLsn, lifecycle, closed -> {
                            cursors.remove(closed);
                            instance.release();
                        }));
                cursors.add(cursor);
                return cursor;
            } catch (RuntimeException | Error e) {
                instance.release();
                throw e;
            }
        } finally {
            lifecycle.exit();
        }
    }

    @Override
    public List<WalEntry> findByKey(WalType type, byte[] key) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(key, "key");
        return withInstance(instance -> instance.keyIndex().findByKey(type, key));
    }

    @Override
    public List<WalEntry> scanByKey(WalType type, byte[] fromKey, byte[] beforeKey, int limit) {
        Objects.requireNonNull(type, "type");
        return withInstance(instance -> instance.keyIndex().scanByKey(type, fromKey, beforeKey, limit));
    }

    /**
     * On a reader a subscription catches up with the writer every poll interval, so it delivers what
     * the writer flushes within about one interval, and notices a truncation that overtook it within
     * one interval too.
     */
    @Override
    Subscription startSubscription(WalType typeOrAll, long fromLsn, EntryHandler handler) {
        Objects.requireNonNull(handler, "handler");
        lifecycle.enter();
        try {
            return PollingSubscription.start(dir.toString(), fromLsn, handler, new Follower(typeOrAll), subscriptions);
        } finally {
            lifecycle.exit();
        }
    }

    /** A subscription's source: reads the visible entries, and catches up every poll interval. */
    private final class Follower implements PollingSubscription.Source {
        private final WalType typeOrAll;
        private long lastCatchUpNanos = System.nanoTime();
        private int failedCatchUps;

        Follower(WalType typeOrAll) {
            this.typeOrAll = typeOrAll;
        }

        @Override
        public PollingSubscription.Chunk read(long fromLsn, int limit) throws InterruptedException {
            if (!lifecycle.tryEnter()) {
                return null;
            }
            PollingSubscription.Chunk chunk;
            try {
                if (System.nanoTime() - lastCatchUpNanos >= pollMillis * 1_000_000) {
                    catchUpRidingOutErrors();
                }
                ReaderInstance instance = acquire();
                try {
                    chunk = instance.read(
                            () -> instance.reader().durableChunk(instance.selection(typeOrAll), fromLsn, limit));
                } finally {
                    instance.release();
                }
            } finally {
                lifecycle.exit();
            }
            if (chunk.entries().isEmpty()) {
                Thread.sleep(pollMillis);
            }
            return chunk;
        }

        private void catchUpRidingOutErrors() {
            lastCatchUpNanos = System.nanoTime();
            try {
                catchUp();
                failedCatchUps = 0;
            } catch (EventLogIOException e) {
                if (++failedCatchUps >= MAX_FAILED_CATCH_UPS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Reads every block of every table file and checks its checksum, also the blocks no read needs
     * (filters, indexes, entries below the first retained LSN). Slow: reads the whole store once.
     *
     * @throws io.rockwal.core.EventLogCorruptedException if a checksum does not match; RocksDB's message
     *     names the file
     * @throws EventLogIOException if the files cannot be read
     */
    public void verifyChecksums() {
        withOwnInstance(instance -> {
            try {
                instance.resources().db().verifyChecksum();
            } catch (RocksDBException e) {
                throw instance.resources().errors().map(e, "verifying table checksums", null);
            }
            return null;
        });
    }

    /**
     * Checks the whole store against the format invariants of the {@linkplain io.rockwal.rocks package
     * documentation}, reporting every problem rather than stopping at the first: see
     * {@link VerifyReport} for what is checked. Reads every entry and index entry once, decoding each
     * payload with {@code catalog}, then every table block's checksum ({@link #verifyChecksums()}).
     * It reads the store as it was when it began, through an instance of its own, so this reader's
     * other calls, catch-ups and subscriptions go on beside it.
     *
     * @param catalog decodes payloads; an entry whose codec it does not know is counted, not a problem
     * @param problems receives each problem as soon as it is found
     * @param progress receives the number of entries checked so far, now and then
     * @throws EventLogIOException if the store cannot be read at all (an I/O error, not damage)
     * @throws IllegalStateException if the store retains more LSNs than one run can track
     */
    public VerifyReport verify(EventCatalog catalog, Consumer<StoreProblem> problems, LongConsumer progress) {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(problems, "problems");
        Objects.requireNonNull(progress, "progress");
        return withOwnInstance(instance ->
                new StoreVerifier(instance.resources(), instance.visible(), catalog, problems, progress).run());
    }

    /**
     * What the store holds, per type and on disk, answered from counts, seeks and RocksDB's own size
     * estimates: its cost does not grow with the store. See {@link StoreStatistics}.
     */
    public StoreStatistics statistics() {
        return withInstance(
                instance -> StoreStatistics.of(instance.resources(), instance.reader(), instance.visible()));
    }

    /**
     * Ends subscriptions, closes open cursors and releases the database and the secondary instance's
     * temporary directory. Idempotent; waits for calls in flight.
     *
     * @throws IllegalStateException if called from inside a call on this reader, such as a replay handler
     */
    @Override
    public void close() {
        if (lifecycle.isClosed()) {
            return;
        }
        lifecycle.refuseCloseFromInsideACall();
        List.copyOf(subscriptions).forEach(PollingSubscription::close);
        if (!lifecycle.beginClose()) {
            return;
        }
        try {
            List.copyOf(cursors).forEach(LogCursor::closeNow);
            current.release();
        } finally {
            lifecycle.endClose();
        }
        List.copyOf(subscriptions).forEach(PollingSubscription::close);
    }

    /** The current instance, with a reference taken; the caller releases it. */
    private ReaderInstance acquire() {
        while (true) {
            ReaderInstance instance = current;
            if (instance.retain()) {
                return instance;
            }
        }
    }

    /** Runs a call on the current instance, under the guard, with a reference taken and no catch-up beside it. */
    private <T> T withInstance(Function<ReaderInstance, T> call) {
        lifecycle.enter();
        try {
            ReaderInstance instance = acquire();
            try {
                return instance.read(() -> call.apply(instance));
            } finally {
                instance.release();
            }
        } finally {
            lifecycle.exit();
        }
    }

    /**
     * Runs a long call (a whole-store walk that also runs user callbacks) on an instance opened for it
     * alone, under the guard: holding the shared instance that long would stall every catch-up, and
     * with it every subscription and every read queued behind the catch-up.
     */
    private <T> T withOwnInstance(Function<ReaderInstance, T> call) {
        lifecycle.enter();
        try {
            ReaderInstance own = ReaderInstance.open(dir);
            try {
                return call.apply(own);
            } finally {
                own.release();
            }
        } finally {
            lifecycle.exit();
        }
    }

    @Override
    public String toString() {
        return "RocksEventLogReader{" + dir + (lifecycle.isClosed() ? ", closed}" : "}");
    }
}
