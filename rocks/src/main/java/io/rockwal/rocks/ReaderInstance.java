package io.rockwal.rocks;

import io.rockwal.core.EventLogIOException;
import io.rockwal.core.EventLogInUseException;
import io.rockwal.core.LsnMetadata;
import io.rockwal.core.WalType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.rocksdb.RocksDBException;

/**
 * One RocksDB instance a {@link RocksEventLogReader} reads through: read-only when no writer held the
 * store at open, a secondary instance otherwise, with the metadata as of its last catch-up. As the
 * {@link ViewSource} of its {@link LogReader} it has no buffer and no snapshot: its data changes only
 * when it catches up, and a catch-up waits for every read in progress (and reads wait for it), so
 * every read sees one state.
 *
 * <p>Reference-counted: the reader holds one reference while the instance is its current one, and
 * every call and open cursor one more; the native resources (and a secondary's scratch directory) are
 * released when the last goes. So the reader can move to a fresh instance while cursors still read the
 * old one.
 */
final class ReaderInstance implements ViewSource {

    private static final int SECONDARY_ATTEMPTS = 5;
    /** Catch-ups tried, at open or per {@link #catchUp()}, for one during which the MANIFEST stayed still. */
    private static final int STILL_MANIFEST_ATTEMPTS = 20;

    private final StoreResources resources;
    private final RocksEventLogReader.Mode mode;
    private final Path secondaryDir;
    private final LogReader reader;
    private final KeyIndexReader keyIndex;
    /** RocksDB's CURRENT file when the instance opened: every primary open of the store rewrites it. */
    private final String currentManifest;

    private final ReentrantReadWriteLock catchUpLock = new ReentrantReadWriteLock();
    private final AtomicInteger references = new AtomicInteger(1);
    private volatile StoredMetadata visible;

    private ReaderInstance(
            StoreResources resources,
            RocksEventLogReader.Mode mode,
            Path secondaryDir,
            String currentManifest,
            ManifestMark openedAt) {
        this.resources = resources;
        this.currentManifest = currentManifest;
        this.mode = mode;
        this.secondaryDir = secondaryDir;
        this.reader = new LogReader(resources, this);
        this.keyIndex = new KeyIndexReader(resources, this);
        if (mode == RocksEventLogReader.Mode.SECONDARY && !catchUpWhileManifestStill(openedAt)) {
            throw new EventLogIOException(
                    "cannot open a consistent view of " + resources.dir() + ": the writer"
                            + " recorded a flush or compaction during each of " + STILL_MANIFEST_ATTEMPTS
                            + " catch-ups",
                    null,
                    false);
        }
        this.visible = load();
    }

    /**
     * Opens the store in {@code dir}: read-only if no log holds it, else as a secondary instance with its
     * own files in a new temporary directory.
     *
     * @throws EventLogIOException if there is no rockwal store in {@code dir} or it cannot be read
     */
    static ReaderInstance open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new EventLogIOException("no rockwal store in " + dir + ": no such directory", null, false);
        }
        RocksEventLogReader.Mode mode =
                StoreLock.isHeld(dir) ? RocksEventLogReader.Mode.SECONDARY : RocksEventLogReader.Mode.READ_ONLY;
        Path secondaryDir = null;
        try {
            if (mode == RocksEventLogReader.Mode.SECONDARY) {
                secondaryDir = Files.createTempDirectory("rockwal-reader-");
            }
            Path ownDir = secondaryDir;
            return retryingIoErrors(mode, () -> openInstance(dir, mode, ownDir));
        } catch (IOException e) {
            throw new EventLogIOException(
                    "cannot create a temporary directory for reading " + dir + ": " + e, e, false);
        } catch (RuntimeException | Error e) {
            Directories.deleteQuietly(secondaryDir);
            throw e;
        }
    }

    /** One attempt of {@link #open}: the database and a view of it, or nothing left open. */
    private static ReaderInstance openInstance(Path dir, RocksEventLogReader.Mode mode, Path secondaryDir) {
        String manifest = currentManifest(dir);
        ManifestMark openedAt = ManifestMark.of(dir);
        StoreResources.Mode storeMode = mode == RocksEventLogReader.Mode.SECONDARY
                ? StoreResources.Mode.SECONDARY
                : StoreResources.Mode.READ_ONLY;
        StoreResources resources = StoreResources.openForReading(dir, storeMode, secondaryDir);
        try {
            return new ReaderInstance(resources, mode, secondaryDir, manifest, openedAt);
        } catch (RuntimeException | Error e) {
            try {
                resources.close();
            } catch (RuntimeException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
    }

    /**
     * Runs {@code step}, retrying an I/O error a few times for a secondary instance: the writer deletes
     * table and log files as it flushes and compacts, and a secondary that read the file list just
     * before can find one gone. A fresh attempt reads the new list. Other failures, and a read-only
     * instance's, are thrown at once.
     */
    private static <T> T retryingIoErrors(RocksEventLogReader.Mode mode, Supplier<T> step) {
        int attempts = mode == RocksEventLogReader.Mode.SECONDARY ? SECONDARY_ATTEMPTS : 1;
        for (int attempt = 1; ; attempt++) {
            try {
                return step.get();
            } catch (EventLogIOException e) {
                if (attempt >= attempts || e instanceof EventLogInUseException) {
                    throw e;
                }
                try {
                    Thread.sleep(20L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * Whether this instance can no longer show the store's latest state by catching up: a writer has
     * opened the store since this instance opened (RocksDB's CURRENT file names another MANIFEST), or,
     * for a read-only instance, a writer holds it now.
     */
    boolean outdated() {
        String now = currentManifest(resources.dir());
        return !now.equals(currentManifest)
                || (mode == RocksEventLogReader.Mode.READ_ONLY && StoreLock.isHeld(resources.dir()));
    }

    /** The content of RocksDB's CURRENT file, or "" when it cannot be read (the open that follows will say why). */
    private static String currentManifest(Path dir) {
        try {
            return Files.readString(dir.resolve(StoreResources.CURRENT_FILE));
        } catch (IOException e) {
            return "";
        }
    }

    RocksEventLogReader.Mode mode() {
        return mode;
    }

    StoreResources resources() {
        return resources;
    }

    LogReader reader() {
        return reader;
    }

    KeyIndexReader keyIndex() {
        return keyIndex;
    }

    /** The metadata as of the last catch-up, with the last flushed LSN the data shows ({@link #load}). */
    StoredMetadata visible() {
        return visible;
    }

    /** One type, or every type, of this instance's column families. */
    TypeSelection selection(WalType typeOrAll) {
        return typeOrAll == null ? resources.allTypes() : resources.only(typeOrAll);
    }

    /**
     * Reads what the writer flushed since the last catch-up and reloads the metadata (a secondary
     * instance; a read-only one does not change). Waits for reads in progress.
     *
     * @throws EventLogIOException if RocksDB cannot catch up, typically because the writer deleted a
     *     table file the catch-up still wanted (the reader then moves to a fresh instance)
     */
    void catchUp() {
        if (mode != RocksEventLogReader.Mode.SECONDARY) {
            return;
        }
        if (catchUpLock.getReadHoldCount() > 0) {
            throw new IllegalStateException("catchUp() of " + resources.dir() + " from inside a read of the same"
                    + " instance would wait for itself");
        }
        catchUpLock.writeLock().lock();
        try {
            StoredMetadata before = visible;
            boolean whole;
            try {
                whole = catchUpWhileManifestStill(null);
            } catch (RuntimeException | Error e) {
                // an earlier catch-up of this call may have moved the data on (a truncation, say): the
                // view must follow it, or a read of this instance would take the moved data for damage
                try {
                    visible = lastWholeViewOr(before, load());
                } catch (RuntimeException loadFailure) {
                    e.addSuppressed(loadFailure);
                    visible = nothingRetained(before);
                }
                throw e;
            }
            StoredMetadata now = load();
            visible = whole ? now : lastWholeViewOr(before, now);
        } finally {
            catchUpLock.writeLock().unlock();
        }
    }

    /**
     * What a catch-up that did not see the MANIFEST still may show: no entry beyond the last whole view
     * (the data there may lack part of a batch), and the first retained LSN as the data now has it.
     */
    private static StoredMetadata lastWholeViewOr(StoredMetadata before, StoredMetadata now) {
        long lastFlushed = before.lsns().lastFlushedLsn();
        if (now.lsns().lastFlushedLsn() <= lastFlushed) {
            return now;
        }
        LsnMetadata lsns = now.lsns();
        return new StoredMetadata(
                now.formatVersion(),
                new LsnMetadata(
                        lastFlushed,
                        lastFlushed,
                        lsns.lastUpdatedMillis(),
                        Math.min(lsns.firstRetainedLsn(), lastFlushed + 1)),
                now.checkpoints());
    }

    /** A view that shows no entry, for an instance whose data cannot be read to know what it holds. */
    private static StoredMetadata nothingRetained(StoredMetadata before) {
        LsnMetadata lsns = before.lsns();
        return new StoredMetadata(
                before.formatVersion(),
                new LsnMetadata(
                        lsns.lastFlushedLsn(),
                        lsns.lastFlushedLsn(),
                        lsns.lastUpdatedMillis(),
                        lsns.lastFlushedLsn() + 1),
                before.checkpoints());
    }

    /**
     * Catches up until one catch-up ran while the writer's MANIFEST did not change, at most
     * {@value #STILL_MANIFEST_ATTEMPTS} times. A secondary instance reads the MANIFEST first and the
     * write-ahead logs after it; the writer flushes column families one at a time and deletes a log once
     * the last family holding part of it is flushed, recording that flush in the MANIFEST before the
     * delete. A catch-up that read the MANIFEST before that record and the logs after the delete shows
     * some families' part of a batch and not the others'. When the MANIFEST is the same before and after
     * a catch-up, every log deleted during it was made obsolete by a record the catch-up read, so it
     * shows every batch whole.
     *
     * @param before the MANIFEST as it was before the instance's last catch-up (or open), or null to
     *     start with a catch-up of its own
     * @return whether a catch-up ran with the MANIFEST still
     */
    private boolean catchUpWhileManifestStill(ManifestMark before) {
        ManifestMark mark = before;
        for (int attempt = 0; attempt < STILL_MANIFEST_ATTEMPTS; attempt++) {
            if (mark == null) {
                mark = ManifestMark.of(resources.dir());
                tryCatchUpWithPrimary();
            }
            ManifestMark after = ManifestMark.of(resources.dir());
            if (after.equals(mark)) {
                return true;
            }
            mark = null;
        }
        return false;
    }

    private void tryCatchUpWithPrimary() {
        try {
            resources.db().tryCatchUpWithPrimary();
        } catch (RocksDBException e) {
            throw resources.errors().map(e, "catching up with the writer", null);
        }
    }

    /** Which MANIFEST RocksDB's CURRENT file names and how long it is: the writer appends to it on every flush and compaction. */
    private record ManifestMark(String current, long length) {

        static ManifestMark of(Path dir) {
            String current = currentManifest(dir).strip();
            long length;
            try {
                length = current.isEmpty() ? -1 : Files.size(dir.resolve(current));
            } catch (IOException e) {
                length = -1;
            }
            return new ManifestMark(current, length);
        }
    }

    /** Runs a read that no catch-up may interleave with. */
    <T> T read(Supplier<T> read) {
        catchUpLock.readLock().lock();
        try {
            return read.get();
        } finally {
            catchUpLock.readLock().unlock();
        }
    }

    /**
     * Reads the metadata; a secondary instance then takes its LSN range from the data where the two
     * differ. A secondary instance can serve an older value of a key the writer overwrote (RocksDB
     * issue 15051), and the metadata's {@code state} is overwritten by every flush and truncation;
     * entry keys are written once and the retained ones are contiguous (format invariant 4), so the
     * data cannot lag that way. The last flushed LSN is the higher of the metadata's and the highest
     * stored LSN (a flush is atomic, and a catch-up shows whole batches, see
     * {@link #catchUpWhileManifestStill}, so no entry is visible without the whole batch before it); the
     * first retained LSN is the higher of the metadata's and the lowest stored LSN (an older value would
     * make a truncated LSN look lost). A read-only instance reads a store no writer holds, whose
     * metadata cannot be stale: an entry beyond it is damage, as the log's own open says (format
     * invariant 4), and stays out of view.
     */
    private StoredMetadata load() {
        StoredMetadata recorded = MetadataStore.read(resources);
        LsnMetadata lsns = recorded.lsns();
        long lastFlushed = lsns.lastFlushedLsn();
        long firstRetained = lsns.firstRetainedLsn();
        if (mode == RocksEventLogReader.Mode.SECONDARY) {
            MetadataStore.StoredRange stored = MetadataStore.storedRange(resources, firstRetained);
            if (stored == null) {
                firstRetained = lastFlushed + 1;
            } else {
                lastFlushed = Math.max(lastFlushed, stored.highest());
                firstRetained = Math.max(firstRetained, stored.lowest());
            }
        }
        LsnMetadata seen = new LsnMetadata(
                lastFlushed, lastFlushed, lsns.lastUpdatedMillis(), Math.min(firstRetained, lastFlushed + 1));
        return new StoredMetadata(recorded.formatVersion(), seen, recorded.checkpoints());
    }

    /** Takes one more reference; false if the instance is already released (take the reader's current one). */
    boolean retain() {
        while (true) {
            int now = references.get();
            if (now == 0) {
                return false;
            }
            if (references.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** Gives a reference back; the last one releases the database and the scratch directory. */
    void release() {
        if (references.decrementAndGet() == 0) {
            try {
                resources.close();
            } finally {
                Directories.deleteQuietly(secondaryDir);
            }
        }
    }

    // ---- ViewSource: what the last catch-up saw, nothing buffered ----

    @Override
    public long firstRetainedLsn() {
        return visible.lsns().firstRetainedLsn();
    }

    @Override
    public long lastFlushedLsn() {
        return visible.lsns().lastFlushedLsn();
    }

    @Override
    public long lastLsn() {
        return visible.lsns().lastFlushedLsn();
    }

    @Override
    public Optional<BufferedEntry> buffered(long lsn) {
        return Optional.empty();
    }

    @Override
    public ReadView openView() {
        LsnMetadata lsns = visible.lsns();
        return ReadView.stored(lsns.firstRetainedLsn(), lsns.lastFlushedLsn());
    }
}
