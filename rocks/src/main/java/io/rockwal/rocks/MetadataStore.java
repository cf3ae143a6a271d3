package io.rockwal.rocks;

import io.rockwal.core.EventLogCorruptedException;
import io.rockwal.core.IncompatibleFormatException;
import io.rockwal.core.LsnMetadata;
import java.util.List;
import java.util.function.Consumer;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Reads, checks and initialises a store's metadata column family through {@link MetadataCodec}: the
 * format version, the LSN state and the checkpoints, and whether the data agrees with them (format
 * invariants 4, 6, 7 and 8). Three callers with three needs: the read-only check before a primary open
 * ({@link #check}), the primary open ({@link #loadForWriting}), and readers ({@link #read}).
 */
final class MetadataStore {

    private static final LsnMetadata EMPTY = new LsnMetadata(0, 0, 0, 1);
    /** How many damaged keys at a type's end {@link #storedRange} steps over before it gives up. */
    private static final int DAMAGED_KEYS_STEPPED_OVER = 64;

    private MetadataStore() {}

    /**
     * Reads and checks the metadata of a store the primary just opened; initialises it, atomically, for
     * a new one, whose first entry will get {@code firstLsn}.
     *
     * @throws IncompatibleFormatException if the store was written by another format version
     * @throws EventLogCorruptedException if the metadata is missing or damaged, or disagrees with the data
     */
    static StoredMetadata loadForWriting(StoreResources resources, long firstLsn) {
        try {
            if (resources.db().get(resources.metaHandle(), MetadataCodec.FORMAT_KEY) == null) {
                return initialise(resources, firstLsn);
            }
            StoredMetadata metadata = read(resources);
            checkDataAgrees(resources, metadata.lsns());
            return metadata;
        } catch (RocksDBException e) {
            throw resources.errors().map(e, "reading the metadata", MetadataCodec.COLUMN_FAMILY);
        }
    }

    /**
     * Checks an existing store as {@link #loadForWriting} does, writing nothing. A store without
     * metadata passes only if it holds no entries (the primary open then initialises it).
     *
     * @return the persisted LSN state, or the empty state for a store without metadata
     * @throws IncompatibleFormatException if the store's format version is not this build's
     * @throws EventLogCorruptedException if the metadata is missing or damaged, or disagrees with the data
     */
    static LsnMetadata check(StoreResources resources) {
        try {
            if (resources.db().get(resources.metaHandle(), MetadataCodec.FORMAT_KEY) == null) {
                refuseEntriesWithoutMetadata(resources);
                return EMPTY;
            }
            LsnMetadata lsns = read(resources).lsns();
            checkDataAgrees(resources, lsns);
            return lsns;
        } catch (RocksDBException e) {
            throw resources.errors().map(e, "checking the metadata", MetadataCodec.COLUMN_FAMILY);
        }
    }

    /**
     * Reads and checks the metadata without writing anything and without comparing it with the data:
     * what a reader of a live store needs, again after every catch-up.
     *
     * @throws IncompatibleFormatException if the store's format version is not this build's
     * @throws EventLogCorruptedException if the metadata is missing or damaged
     */
    static StoredMetadata read(StoreResources resources) {
        try {
            byte[] format = resources.db().get(resources.metaHandle(), MetadataCodec.FORMAT_KEY);
            if (format == null) {
                throw new EventLogCorruptedException(
                        "the store format version is missing",
                        MetadataCodec.COLUMN_FAMILY,
                        EventLogCorruptedException.UNKNOWN_LSN,
                        MetadataCodec.FORMAT_KEY,
                        null);
            }
            int version = MetadataCodec.decodeFormat(format);
            if (version == 1 || version > MetadataCodec.STORE_FORMAT_VERSION) {
                throw new IncompatibleFormatException(
                        "store " + resources.dir(), version, MetadataCodec.STORE_FORMAT_VERSION);
            }
            if (version < 1) {
                throw new EventLogCorruptedException(
                        "store format version " + version + " does not exist",
                        MetadataCodec.COLUMN_FAMILY,
                        EventLogCorruptedException.UNKNOWN_LSN,
                        MetadataCodec.FORMAT_KEY,
                        null);
            }
            byte[] stateValue = resources.db().get(resources.metaHandle(), MetadataCodec.STATE_KEY);
            if (stateValue == null) {
                throw new EventLogCorruptedException(
                        "the LSN state is missing",
                        MetadataCodec.COLUMN_FAMILY,
                        EventLogCorruptedException.UNKNOWN_LSN,
                        MetadataCodec.STATE_KEY,
                        null);
            }
            LsnMetadata lsns = MetadataCodec.decodeState(stateValue);
            byte[] checkpointValue = resources.db().get(resources.metaHandle(), MetadataCodec.CHECKPOINTS_KEY);
            List<Long> checkpoints =
                    checkpointValue == null ? List.of() : MetadataCodec.decodeCheckpoints(checkpointValue, lsns);
            return new StoredMetadata(version, lsns, checkpoints);
        } catch (RocksDBException e) {
            throw resources.errors().map(e, "reading the metadata", MetadataCodec.COLUMN_FAMILY);
        }
    }

    private static StoredMetadata initialise(StoreResources resources, long firstLsn) throws RocksDBException {
        refuseEntriesWithoutMetadata(resources);
        LsnMetadata start = new LsnMetadata(firstLsn - 1, firstLsn - 1, 0, firstLsn);
        try (WriteBatch batch = new WriteBatch();
                WriteOptions sync = new WriteOptions().setSync(true)) {
            batch.put(
                    resources.metaHandle(),
                    MetadataCodec.FORMAT_KEY,
                    MetadataCodec.encodeFormat(MetadataCodec.STORE_FORMAT_VERSION));
            batch.put(
                    resources.metaHandle(),
                    MetadataCodec.STATE_KEY,
                    MetadataCodec.encodeState(
                            start.lastFlushedLsn(), start.lastUpdatedMillis(), start.firstRetainedLsn()));
            batch.put(resources.metaHandle(), MetadataCodec.CHECKPOINTS_KEY, new byte[0]);
            resources.db().write(sync, batch);
        }
        return new StoredMetadata(MetadataCodec.STORE_FORMAT_VERSION, start, List.of());
    }

    private static void refuseEntriesWithoutMetadata(StoreResources resources) throws RocksDBException {
        for (TypeColumn column : resources.typeColumns()) {
            try (RocksIterator iterator = resources.db().newIterator(column.handle())) {
                iterator.seekToFirst();
                if (iterator.isValid()) {
                    throw new EventLogCorruptedException(
                            "entries exist but the store metadata is missing",
                            column.type().name(),
                            EventLogCorruptedException.UNKNOWN_LSN,
                            iterator.key(),
                            null);
                }
                iterator.status();
            }
        }
    }

    /**
     * The lowest and highest LSN stored at or above {@code fromLsn} in the type column families, or
     * {@code null} when none holds one. Two seeks per type on one iterator. Keys of the wrong length at
     * a type's ends are stepped over (damage for verify to report, not a reason to refuse reading); the
     * highest is 0 if such keys end every type.
     */
    static StoredRange storedRange(StoreResources resources, long fromLsn) {
        long lowest = Long.MAX_VALUE;
        long highest = 0;
        try (Slice lower = new Slice(LsnKeys.encode(fromLsn));
                ReadOptions readOptions = new ReadOptions().setIterateLowerBound(lower)) {
            for (TypeColumn column : resources.typeColumns()) {
                String name = column.type().name();
                try (RocksIterator iterator = resources.db().newIterator(column.handle(), readOptions)) {
                    iterator.seekToFirst();
                    skipDamagedKeys(iterator, RocksIterator::next);
                    if (iterator.isValid()) {
                        lowest = Math.min(lowest, LsnKeys.decode(iterator.key(), name));
                        iterator.seekToLast();
                        skipDamagedKeys(iterator, RocksIterator::prev);
                    }
                    if (iterator.isValid()) {
                        highest = Math.max(highest, LsnKeys.decode(iterator.key(), name));
                    } else {
                        iterator.status();
                    }
                } catch (RocksDBException e) {
                    throw resources.errors().map(e, "finding the stored LSN range", name);
                }
            }
        }
        return lowest == Long.MAX_VALUE ? null : new StoredRange(lowest, highest);
    }

    /** The ends of what the type column families hold. */
    record StoredRange(long lowest, long highest) {}

    private static void skipDamagedKeys(RocksIterator iterator, Consumer<RocksIterator> step) {
        for (int steps = 0;
                iterator.isValid() && iterator.key().length != LsnKeys.KEY_LENGTH && steps < DAMAGED_KEYS_STEPPED_OVER;
                steps++) {
            step.accept(iterator);
        }
    }

    /**
     * Checks, with two seeks per type, that the retained entries span exactly
     * {@code firstRetainedLsn..lastFlushedLsn}: nothing beyond the last flushed LSN (a flush is atomic
     * with its metadata, so anything there is damage), and both ends present.
     */
    private static void checkDataAgrees(StoreResources resources, LsnMetadata lsns) throws RocksDBException {
        long lowest = Long.MAX_VALUE;
        long highest = 0;
        try (Slice lower = new Slice(LsnKeys.encode(lsns.firstRetainedLsn()));
                ReadOptions readOptions = new ReadOptions().setIterateLowerBound(lower)) {
            for (TypeColumn column : resources.typeColumns()) {
                String name = column.type().name();
                try (RocksIterator iterator = resources.db().newIterator(column.handle(), readOptions)) {
                    iterator.seekToLast();
                    if (!iterator.isValid()) {
                        iterator.status();
                        continue;
                    }
                    long last = LsnKeys.decode(iterator.key(), name);
                    if (last > lsns.lastFlushedLsn()) {
                        throw new EventLogCorruptedException(
                                "entry at LSN " + last + " lies beyond the last flushed LSN " + lsns.lastFlushedLsn()
                                        + " of the metadata",
                                name,
                                last,
                                iterator.key(),
                                null);
                    }
                    highest = Math.max(highest, last);
                    iterator.seekToFirst();
                    lowest = Math.min(lowest, LsnKeys.decode(iterator.key(), name));
                }
            }
        }
        boolean empty = lsns.firstRetainedLsn() > lsns.lastFlushedLsn();
        if (!empty && (highest != lsns.lastFlushedLsn() || lowest != lsns.firstRetainedLsn())) {
            long missing = highest != lsns.lastFlushedLsn() ? lsns.lastFlushedLsn() : lsns.firstRetainedLsn();
            throw new EventLogCorruptedException(
                    "the metadata says LSNs " + lsns.firstRetainedLsn() + ".." + lsns.lastFlushedLsn()
                            + " are stored, but LSN " + missing + " is in no type",
                    null,
                    missing,
                    LsnKeys.encode(missing),
                    null);
        }
    }
}
