package io.rockwal.rocks;

import io.rockwal.core.EventLogCorruptedException;
import io.rockwal.core.WalType;
import java.util.Arrays;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Finds a type's ordinals from its anchors (format invariant 5 of the
 * {@linkplain io.rockwal.rocks package documentation}): starting at the newest or oldest
 * retained entry, steps towards the other end until an entry that stores its ordinal (at most 64
 * entries in an undamaged store), reading only value headers. The caller bounds the
 * iterator to the retained range, so nothing truncated is counted.
 */
final class OrdinalWalk {

    /**
     * How far a walk goes: in an undamaged store an anchor is at most 63 entries away; damaged headers
     * count as entries without an anchor, so up to three damaged anchors in a row are stepped over.
     */
    static final int MAX_STEPS = 4 * EntryValues.ANCHOR_INTERVAL;

    private OrdinalWalk() {}

    /**
     * The ordinal of the newest entry, the iterator positioned on it: the nearest older anchor's
     * ordinal plus the entries after it, or, if no retained entry is an anchor, the number of entries.
     *
     * @throws EventLogCorruptedException if {@link #MAX_STEPS} entries pass without a readable anchor
     */
    static long newest(RocksIterator iterator, WalType type, StoreErrors errors) {
        return walk(iterator, type, false, errors);
    }

    /**
     * The ordinal of the oldest entry, the iterator positioned on it: the nearest newer anchor's
     * ordinal minus the entries before it, or 1 if no retained entry is an anchor.
     *
     * @throws EventLogCorruptedException if {@link #MAX_STEPS} entries pass without a readable anchor
     */
    static long oldest(RocksIterator iterator, WalType type, StoreErrors errors) {
        return walk(iterator, type, true, errors);
    }

    /**
     * How many retained entries lie at or before the one under the iterator (1 for the oldest): its
     * ordinal, from the nearest older anchor, minus the oldest entry's, plus one; or the entries
     * stepped over to reach the oldest when no anchor lies between. Moves the iterator.
     *
     * @throws EventLogCorruptedException if {@link #MAX_STEPS} entries pass without a readable anchor
     */
    static long rank(RocksIterator iterator, WalType type, StoreErrors errors) {
        byte[] header = new byte[EntryValues.MAX_HEADER_BYTES];
        byte[] startKey = iterator.key();
        for (int steps = 0; steps < MAX_STEPS; steps++) {
            long ordinal = anchorOrZero(iterator, type, header);
            if (ordinal > 0) {
                iterator.seekToFirst();
                if (!iterator.isValid()) {
                    checkStatus(iterator, type, errors);
                    throw new IllegalStateException("entries of " + type + " vanished under a snapshot");
                }
                return ordinal + steps - oldest(iterator, type, errors) + 1;
            }
            iterator.prev();
            if (!iterator.isValid()) {
                checkStatus(iterator, type, errors);
                return steps + 1L;
            }
        }
        throw noAnchor(type, startKey);
    }

    private static long walk(RocksIterator iterator, WalType type, boolean towardsNewer, StoreErrors errors) {
        byte[] header = new byte[EntryValues.MAX_HEADER_BYTES];
        byte[] startKey = iterator.key();
        for (int steps = 0; steps < MAX_STEPS; steps++) {
            long ordinal = anchorOrZero(iterator, type, header);
            if (ordinal > 0) {
                return towardsNewer ? ordinal - steps : ordinal + steps;
            }
            if (towardsNewer) {
                iterator.next();
            } else {
                iterator.prev();
            }
            if (!iterator.isValid()) {
                checkStatus(iterator, type, errors);
                return towardsNewer ? 1 : steps + 1;
            }
        }
        throw noAnchor(type, startKey);
    }

    private static EventLogCorruptedException noAnchor(WalType type, byte[] startKey) {
        long startLsn = startKey.length == LsnKeys.KEY_LENGTH
                ? LsnKeys.decode(startKey, type.name())
                : EventLogCorruptedException.UNKNOWN_LSN;
        return new EventLogCorruptedException(
                "no entry within " + MAX_STEPS + " of LSN " + startLsn + " stores a readable ordinal",
                type.name(),
                startLsn,
                startKey,
                null);
    }

    /**
     * The ordinal stored by the entry under the iterator, or 0. A damaged key or header counts as no
     * anchor: the walk counts keys, so it stays exact by going on to the next anchor, and the damage
     * itself is reported by whatever reads that entry.
     */
    private static long anchorOrZero(RocksIterator iterator, WalType type, byte[] header) {
        byte[] key = iterator.key();
        if (key.length != LsnKeys.KEY_LENGTH) {
            return 0;
        }
        int length = iterator.value(header);
        try {
            long lsn = LsnKeys.decode(key, type.name());
            return EntryValues.ordinal(lsn, type, length < header.length ? Arrays.copyOf(header, length) : header);
        } catch (EventLogCorruptedException e) {
            return 0;
        }
    }

    private static void checkStatus(RocksIterator iterator, WalType type, StoreErrors errors) {
        try {
            iterator.status();
        } catch (RocksDBException e) {
            throw errors.map(e, "counting entries", type.name());
        }
    }
}
