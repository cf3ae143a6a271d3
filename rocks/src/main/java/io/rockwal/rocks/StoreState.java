package io.rockwal.rocks;

import io.rockwal.core.EventLogCorruptedException;
import io.rockwal.core.IncompatibleFormatException;
import io.rockwal.core.LsnMetadata;
import io.rockwal.core.WalType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The durable metadata of a store as found at open: LSN state and checkpoints, after checking the
 * format version and that the data agrees with the metadata (format invariants 4, 6 and 7).
 *
 * @param lsnState the persisted LSN state
 * @param checkpoints the persisted checkpoints, oldest first
 * @param lastOrdinals per type, the ordinal of its newest retained entry (absent: none retained); filled
 *     by {@link #load} only
 */
record StoreState(LsnMetadata lsnState, List<Long> checkpoints, Map<WalType, Long> lastOrdinals) {

    private static final LsnMetadata EMPTY = new LsnMetadata(0, 0, 0, 1);

    /**
     * Reads and checks the metadata of an opened store; initialises it, atomically, for a new one.
     *
     * @throws IncompatibleFormatException if the store was written by a newer format version
     * @throws EventLogCorruptedException if the metadata is missing or damaged, or disagrees with the data
     */
    static StoreState load(RocksResources resources) {
        try {
            if (resources.db().get(resources.metaHandle(), MetadataCodec.FORMAT_KEY) == null) {
                return initialise(resources);
            }
            StoreState state = read(resources);
            return new StoreState(state.lsnState(), state.checkpoints(), checkDataAgrees(resources, state.lsnState()));
        } catch (RocksDBException e) {
            throw RocksErrors.map(e, "reading the metadata", resources.dir(), MetadataCodec.COLUMN_FAMILY);
        }
    }

    /**
     * Checks an existing store as {@link #load} does, writing nothing: the format version, the
     * metadata, and its agreement with the data. A store without metadata passes only if it holds no
     * entries (the primary open then initialises it).
     *
     * @return the persisted LSN state, or the empty state for a store without metadata
     * @throws IncompatibleFormatException if the store's format version is not this build's
     * @throws EventLogCorruptedException if the metadata is missing or damaged, or disagrees with the data
     */
    static LsnMetadata check(RocksResources resources) {
        try {
            if (resources.db().get(resources.metaHandle(), MetadataCodec.FORMAT_KEY) == null) {
                refuseEntriesWithoutMetadata(resources);
                return EMPTY;
            }
            LsnMetadata state = read(resources).lsnState();
            checkDataAgrees(resources, state);
            return state;
        } catch (RocksDBException e) {
            throw RocksErrors.map(e, "checking the metadata", resources.dir(), MetadataCodec.COLUMN_FAMILY);
        }
    }

    /**
     * Reads and checks the metadata without writing anything and without comparing it with the data:
     * what a reader of a live store needs, again after every catch-up.
     */
    static StoreState read(RocksResources resources) {
        try {
            byte[] format = resources.db().get(resources.metaHandle(), MetadataCodec.FORMAT_KEY);
            if (format == null) {
                throw new EventLogCorruptedException("the store format version is missing", MetadataCodec.COLUMN_FAMILY,
                        EventLogCorruptedException.UNKNOWN_LSN, MetadataCodec.FORMAT_KEY, null);
            }
            int version = MetadataCodec.decodeFormat(format);
            if (version == 1 || version > MetadataCodec.STORE_FORMAT_VERSION) {
                throw new IncompatibleFormatException("store " + resources.dir(), version,
                        MetadataCodec.STORE_FORMAT_VERSION);
            }
            if (version < 1) {
                throw new EventLogCorruptedException("store format version " + version + " does not exist",
                        MetadataCodec.COLUMN_FAMILY, EventLogCorruptedException.UNKNOWN_LSN, MetadataCodec.FORMAT_KEY, null);
            }
            byte[] stateValue = resources.db().get(resources.metaHandle(), MetadataCodec.STATE_KEY);
            if (stateValue == null) {
                throw new EventLogCorruptedException("the LSN state is missing", MetadataCodec.COLUMN_FAMILY,
                        EventLogCorruptedException.UNKNOWN_LSN, MetadataCodec.STATE_KEY, null);
            }
            LsnMetadata state = MetadataCodec.decodeState(stateValue);
            byte[] checkpointValue = resources.db().get(resources.metaHandle(), MetadataCodec.CHECKPOINTS_KEY);
            List<Long> checkpoints = checkpointValue == null
                    ? List.of() : MetadataCodec.decodeCheckpoints(checkpointValue, state);
            return new StoreState(new LsnMetadata(state.lastFlushedLsn(), state.lastFlushedLsn(),
                    state.lastUpdatedMillis(), state.firstRetainedLsn()), checkpoints, Map.of());
        } catch (RocksDBException e) {
            throw RocksErrors.map(e, "reading the metadata", resources.dir(), MetadataCodec.COLUMN_FAMILY);
        }
    }

    private static StoreState initialise(RocksResources resources) throws RocksDBException {
        refuseEntriesWithoutMetadata(resources);
        try (WriteBatch batch = new WriteBatch(); WriteOptions sync = new WriteOptions().setSync(true)) {
            batch.put(resources.metaHandle(), MetadataCodec.FORMAT_KEY,
                    MetadataCodec.encodeFormat(MetadataCodec.STORE_FORMAT_VERSION));
            batch.put(resources.metaHandle(), MetadataCodec.STATE_KEY, MetadataCodec.encodeState(EMPTY));
            batch.put(resources.metaHandle(), MetadataCodec.CHECKPOINTS_KEY, new byte[0]);
            resources.db().write(sync, batch);
        }
        return new StoreState(EMPTY, List.of(), Map.of());
    }

    private static void refuseEntriesWithoutMetadata(RocksResources resources) throws RocksDBException {
        for (TypeColumn column : resources.typeColumns()) {
            try (RocksIterator iterator = resources.db().newIterator(column.handle())) {
                iterator.seekToFirst();
                if (iterator.isValid()) {
                    throw new EventLogCorruptedException("entries exist but the store metadata is missing",
                            column.type().name(), EventLogCorruptedException.UNKNOWN_LSN, iterator.key(), null);
                }
                iterator.status();
            }
        }
    }

    /** The highest LSN stored at or above {@code fromLsn} in any type column family; 0 when none. One seek per type. */
    static long highestStoredLsn(RocksResources resources, long fromLsn) {
        long highest = 0;
        try (Slice lower = new Slice(LsnKeys.encode(fromLsn));
                ReadOptions readOptions = new ReadOptions().setIterateLowerBound(lower)) {
            for (TypeColumn column : resources.typeColumns()) {
                try (RocksIterator iterator = resources.db().newIterator(column.handle(), readOptions)) {
                    iterator.seekToLast();
                    if (iterator.isValid()) {
                        highest = Math.max(highest, LsnKeys.decode(iterator.key(), column.type().name()));
                    } else {
                        iterator.status();
                    }
                } catch (RocksDBException e) {
                    throw RocksErrors.map(e, "finding the last stored LSN", resources.dir(), column.type().name());
                }
            }
        }
        return highest;
    }

    /**
     * Checks, with two seeks per type, that the retained entries span exactly
     * {@code firstRetainedLsn..lastFlushedLsn}: nothing beyond the last flushed LSN (a flush is atomic
     * with its metadata, so anything there is damage), and both ends present. Returns each type's last
     * ordinal.
     */
    private static Map<WalType, Long> checkDataAgrees(RocksResources resources, LsnMetadata state)
            throws RocksDBException {
        Map<WalType, Long> lastOrdinals = new HashMap<>();
        long lowest = Long.MAX_VALUE;
        long highest = 0;
        try (Slice lower = new Slice(LsnKeys.encode(state.firstRetainedLsn()));
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
                    if (last > state.lastFlushedLsn()) {
                        throw new EventLogCorruptedException("entry at LSN " + last
                                + " lies beyond the last flushed LSN " + state.lastFlushedLsn() + " of the metadata",
                                name, last, iterator.key(), null);
                    }
                    highest = Math.max(highest, last);
                    lastOrdinals.put(column.type(), OrdinalWalk.newest(iterator, column.type(), resources.dir()));
                    iterator.seekToFirst();
                    lowest = Math.min(lowest, LsnKeys.decode(iterator.key(), name));
                }
            }
        }
        boolean empty = state.firstRetainedLsn() > state.lastFlushedLsn();
        if (!empty && (highest != state.lastFlushedLsn() || lowest != state.firstRetainedLsn())) {
            long missing = highest != state.lastFlushedLsn() ? state.lastFlushedLsn() : state.firstRetainedLsn();
            throw new EventLogCorruptedException("the metadata says LSNs " + state.firstRetainedLsn() + ".."
                    + state.lastFlushedLsn() + " are stored, but LSN " + missing + " is in no type", null, missing,
                    LsnKeys.encode(missing), null);
        }
        return lastOrdinals;
    }
}
