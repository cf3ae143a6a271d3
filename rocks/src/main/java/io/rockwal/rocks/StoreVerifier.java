package io.rockwal.rocks;

import io.rockwal.core.Event;
import io.rockwal.core.EventCatalog;
import io.rockwal.core.EventCodec;
import io.rockwal.core.EventCodecException;
import io.rockwal.core.EventLogCorruptedException;
import io.rockwal.core.EventLogException;
import io.rockwal.core.IncompatibleFormatException;
import io.rockwal.core.LsnMetadata;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Checks a store against its format invariants, key by key, reporting every problem rather than
 * stopping at the first; {@link VerifyReport} lists what is checked. It reads the column families
 * raw (not bounded to the retained range, as every other read is), so it also sees what no read
 * shows: entries beyond the last flushed LSN, keys of the wrong length, stray index entries.
 *
 * <p>One pass per type column family, then one over the key index, then the holes, then the table
 * checksums. Memory: two bytes and three bits per retained LSN.
 */
final class StoreVerifier {

    /** The most retained LSNs one run tracks (the arrays below are indexed by int). */
    private static final int MAX_SPAN = Integer.MAX_VALUE - 16;

    private static final int PROGRESS_EVERY = 4096;

    private final StoreResources resources;
    private final EventCatalog catalog;
    private final Consumer<StoreProblem> sink;
    private final LongConsumer progress;
    private final LsnMetadata state;
    private final List<TypeColumn> types;
    private final long first;
    private final long last;
    private final Map<String, Long> notDecodable = new TreeMap<>();
    /** Per LSN from the first retained: 0 unseen, i + 1 held by type i. */
    private final short[] owners;
    /** LSNs a lookup in some type could not read: a damaged table block, reported as a range already. */
    private final BitSet unreadable;
    /** LSNs stored under more than one type, reported once as such. */
    private final BitSet heldTwice;
    /** LSNs whose entry has a secondary key (its index entry was checked). */
    private final BitSet keyed;
    /** LSNs whose secondary key cannot be known: the payload did not decode, or its codec is unknown. */
    private final BitSet keyUnknown;

    private long entries;
    private long indexEntries;
    private long problems;

    StoreVerifier(
            StoreResources resources,
            StoredMetadata visible,
            EventCatalog catalog,
            Consumer<StoreProblem> sink,
            LongConsumer progress) {
        this.resources = resources;
        this.catalog = catalog;
        this.sink = sink;
        this.progress = progress;
        this.state = visible.lsns();
        this.types = resources.typeColumns();
        this.first = state.firstRetainedLsn();
        this.last = state.lastFlushedLsn();
        long span = state.isEmpty() ? 0 : last - first + 1;
        if (span > MAX_SPAN) {
            throw new IllegalStateException("the store retains " + span + " LSNs; verify checks at most " + MAX_SPAN);
        }
        if (types.size() >= Short.MAX_VALUE) {
            throw new IllegalStateException(
                    "the store has " + types.size() + " types; verify checks at most " + (Short.MAX_VALUE - 1));
        }
        this.owners = new short[(int) span];
        this.unreadable = new BitSet((int) span);
        this.heldTwice = new BitSet((int) span);
        this.keyed = new BitSet((int) span);
        this.keyUnknown = new BitSet((int) span);
    }

    /**
     * Walks the store.
     *
     * @throws EventLogException if the store cannot be read at all (an I/O error, not damage)
     */
    VerifyReport run() {
        for (TypeColumn column : types) {
            new TypeWalk(column).run();
        }
        walkIndex();
        findHoles();
        try {
            resources.db().verifyChecksum();
        } catch (RocksDBException e) {
            EventLogException mapped = resources.errors().map(e, "verifying table checksums", null);
            if (!(mapped instanceof EventLogCorruptedException)) {
                throw mapped;
            }
            report(null, EventLogCorruptedException.UNKNOWN_LSN, null, "table checksums: " + mapped.getMessage());
        }
        progress.accept(entries);
        return new VerifyReport(state, types.size(), entries, indexEntries, problems, notDecodable);
    }

    /** One type column family, key by key, resuming after damaged table blocks. */
    private final class TypeWalk {
        private final TypeColumn column;
        private final String name;
        private final short owner;
        /** Retained entries of the type seen so far: the position of the next one is this plus one. */
        private long position;
        /**
         * Ordinal minus position, fixed by the first anchor; null before it, and again after damaged
         * blocks (the entries of the type in them were not counted, so the next anchor fixes it anew).
         */
        private Long ordinalOffset;

        private boolean skippedDamage;
        private long lastKeyLsn;

        TypeWalk(TypeColumn column) {
            this.column = column;
            this.name = column.type().name();
            this.owner = (short) (column.position() + 1);
        }

        void run() {
            long resumeAt = 0;
            while (true) {
                try (RocksIterator iterator = resources.db().newIterator(column.handle())) {
                    if (resumeAt == 0) {
                        iterator.seekToFirst();
                    } else {
                        iterator.seek(LsnKeys.encode(resumeAt));
                    }
                    for (; iterator.isValid(); iterator.next()) {
                        check(iterator.key(), iterator.value());
                    }
                    iterator.status();
                    return;
                } catch (RocksDBException e) {
                    EventLogException mapped = resources.errors().map(e, "verifying", name);
                    if (!(mapped instanceof EventLogCorruptedException)) {
                        throw mapped;
                    }
                    long from = Math.max(first, lastKeyLsn + 1);
                    ordinalOffset = null;
                    skippedDamage = true;
                    long before = problems;
                    resumeAt = probe(from, mapped.getMessage());
                    if (problems == before) {
                        // every LSN the probe tried read cleanly: the damage lies where no lookup goes
                        report(
                                name,
                                EventLogCorruptedException.UNKNOWN_LSN,
                                null,
                                "iterating from LSN " + from + " failed: " + mapped.getMessage());
                    }
                    if (resumeAt == 0) {
                        return;
                    }
                }
            }
        }

        /**
         * Looks LSNs up one by one from {@code from}, after the iteration stopped on damage, and reports
         * the run of those it cannot read; returns the LSN after the first it can read that the type
         * holds (checked), where the iteration goes on, or 0 when none is left.
         */
        private long probe(long from, String damage) {
            long unreadableFrom = 0;
            for (long lsn = from; lsn <= last; lsn++) {
                byte[] key = LsnKeys.encode(lsn);
                byte[] value;
                try {
                    value = resources.db().get(column.handle(), key);
                } catch (RocksDBException e) {
                    EventLogException mapped = resources.errors().map(e, "verifying", name, lsn);
                    if (!(mapped instanceof EventLogCorruptedException)) {
                        throw mapped;
                    }
                    unreadable.set(slot(lsn));
                    unreadableFrom = unreadableFrom == 0 ? lsn : unreadableFrom;
                    continue;
                }
                reportUnreadable(unreadableFrom, lsn - 1, damage);
                unreadableFrom = 0;
                if (value != null) {
                    check(key, value);
                    return lsn + 1;
                }
            }
            reportUnreadable(unreadableFrom, last, damage);
            if (from > last) {
                report(
                        name,
                        EventLogCorruptedException.UNKNOWN_LSN,
                        null,
                        "reading past LSN " + (from - 1) + " failed: " + damage);
            }
            return 0;
        }

        private void reportUnreadable(long from, long to, String damage) {
            if (from == 0) {
                return;
            }
            String which = from == to ? "LSN " + from : "LSNs " + from + ".." + to;
            report(
                    name,
                    from,
                    null,
                    which + " cannot be read from this column family (a damaged table block): " + damage);
        }

        private void check(byte[] key, byte[] value) {
            long lsn;
            try {
                lsn = LsnKeys.decode(key, name);
            } catch (EventLogCorruptedException e) {
                report(name, EventLogCorruptedException.UNKNOWN_LSN, key, e.getMessage() + " (invariant 2)");
                return;
            }
            lastKeyLsn = lsn;
            entries++;
            if (entries % PROGRESS_EVERY == 0) {
                progress.accept(entries);
            }
            if (lsn < first) {
                report(
                        name,
                        lsn,
                        null,
                        "entry at LSN " + lsn + " lies below the first retained LSN " + first
                                + " outside any truncation (invariant 4)");
                return;
            }
            if (lsn > last) {
                report(
                        name,
                        lsn,
                        null,
                        "entry at LSN " + lsn + " lies beyond the last flushed LSN " + last
                                + " of the metadata (invariants 4 and 6)");
                return;
            }
            int slot = slot(lsn);
            if (owners[slot] > 0 && owners[slot] != owner) {
                heldTwice.set(slot);
                report(
                        name,
                        lsn,
                        null,
                        "LSN " + lsn + " is also stored under "
                                + types.get(owners[slot] - 1).type()
                                + "; an LSN belongs to exactly one type (invariant 3)");
            } else {
                owners[slot] = owner;
            }
            position++;
            WalEntry entry;
            try {
                entry = EntryValues.decode(lsn, column.type(), value);
                checkOrdinal(lsn, EntryValues.ordinal(lsn, column.type(), value));
            } catch (EventLogCorruptedException | IncompatibleFormatException e) {
                keyUnknown.set(slot);
                report(name, lsn, null, e.getMessage());
                return;
            }
            checkPayload(entry, slot);
        }

        /** Invariant 5: anchors every 64 entries, each storing its ordinal; the offset fixed by the first. */
        private void checkOrdinal(long lsn, long stored) {
            if (ordinalOffset == null) {
                if (stored > 0) {
                    ordinalOffset = stored - position;
                    if (position > EntryValues.ANCHOR_INTERVAL && !skippedDamage) {
                        report(
                                name,
                                lsn,
                                null,
                                "the first anchor of the type is its " + position
                                        + "th retained entry; one is due every " + EntryValues.ANCHOR_INTERVAL
                                        + " entries (invariant 5)");
                    }
                }
                return;
            }
            long expected = ordinalOffset + position;
            if (stored > 0 && stored != expected) {
                report(
                        name,
                        lsn,
                        null,
                        "entry stores ordinal " + stored + ", but the first anchor of the type makes it " + expected
                                + " (invariant 5)");
            } else if (stored == 0 && EntryValues.isAnchor(expected)) {
                report(
                        name,
                        lsn,
                        null,
                        "entry does not store its ordinal " + expected + ", although every "
                                + EntryValues.ANCHOR_INTERVAL + "th entry of a type does (invariant 5)");
            }
        }

        private void checkPayload(WalEntry entry, int slot) {
            Optional<EventCodec<?>> codec = catalog.codec(entry.codecId());
            if (codec.isEmpty()) {
                keyUnknown.set(slot);
                notDecodable.merge(name + " (codec " + entry.codecId() + ")", 1L, Long::sum);
                return;
            }
            Event event;
            byte[] secondaryKey;
            try {
                event = catalog.decode(entry);
                secondaryKey = indexKeyOf(codec.get(), event);
            } catch (EventCodecException e) {
                keyUnknown.set(slot);
                report(name, entry.lsn(), null, "payload does not decode: " + e.getMessage());
                return;
            } catch (RuntimeException e) {
                keyUnknown.set(slot);
                report(name, entry.lsn(), null, "the codec cannot give the secondary key of the decoded event: " + e);
                return;
            }
            if (secondaryKey != null) {
                keyed.set(slot);
                checkIndexed(entry.lsn(), secondaryKey);
            }
        }

        private void checkIndexed(long lsn, byte[] secondaryKey) {
            ColumnFamilyHandle keys = resources.keysHandle();
            byte[] indexKey = KeyIndex.entry(column.type(), secondaryKey, lsn);
            byte[] found;
            try {
                found = keys == null ? null : resources.db().get(keys, indexKey);
            } catch (RocksDBException e) {
                EventLogException mapped = resources.errors().map(e, "verifying the key index", KeyIndex.COLUMN_FAMILY);
                if (!(mapped instanceof EventLogCorruptedException)) {
                    throw mapped;
                }
                report(
                        KeyIndex.COLUMN_FAMILY,
                        lsn,
                        null,
                        "the index entry of LSN " + lsn + " cannot be read: " + mapped.getMessage());
                return;
            }
            if (found == null) {
                report(
                        KeyIndex.COLUMN_FAMILY,
                        lsn,
                        null,
                        "the key index has no entry for LSN " + lsn + " of type "
                                + column.type() + " under its secondary key "
                                + HexFormat.of().formatHex(secondaryKey)
                                + " (invariant 10)");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static byte[] indexKeyOf(EventCodec<?> codec, Event event) {
        return ((EventCodec<Event>) codec).indexKey(event);
    }

    /** Every index entry: parses, points at an LSN its type holds, one per keyed entry, none for others. */
    private void walkIndex() {
        ColumnFamilyHandle keys = resources.keysHandle();
        if (keys == null) {
            return;
        }
        BitSet indexed = new BitSet(owners.length);
        try (RocksIterator iterator = resources.db().newIterator(keys)) {
            for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                indexEntries++;
                checkIndexEntry(iterator.key(), indexed);
            }
            iterator.status();
        } catch (RocksDBException e) {
            EventLogException mapped = resources.errors().map(e, "verifying the key index", KeyIndex.COLUMN_FAMILY);
            if (!(mapped instanceof EventLogCorruptedException)) {
                throw mapped;
            }
            report(
                    KeyIndex.COLUMN_FAMILY,
                    EventLogCorruptedException.UNKNOWN_LSN,
                    null,
                    "the key index cannot be read to its end: " + mapped.getMessage());
        }
    }

    private void checkIndexEntry(byte[] indexKey, BitSet indexed) {
        String typeName;
        long lsn;
        try {
            typeName = KeyIndex.typeName(indexKey);
            lsn = KeyIndex.lsn(indexKey);
        } catch (EventLogCorruptedException e) {
            report(
                    KeyIndex.COLUMN_FAMILY,
                    EventLogCorruptedException.UNKNOWN_LSN,
                    indexKey,
                    e.getMessage() + " (invariant 10)");
            return;
        }
        if (lsn < first) {
            return; // below the first retained LSN: ignored by every read, swept after the truncation
        }
        Optional<TypeColumn> column =
                StoreResources.isTypeName(typeName) ? resources.column(WalType.of(typeName)) : Optional.empty();
        if (column.isEmpty()) {
            report(
                    KeyIndex.COLUMN_FAMILY,
                    lsn,
                    null,
                    "index entry of type '" + typeName + "', which the store has no column family for (invariant 10)");
            return;
        }
        try {
            KeyIndex.secondaryKey(column.get().type(), indexKey);
        } catch (EventLogCorruptedException e) {
            report(KeyIndex.COLUMN_FAMILY, lsn, null, e.getMessage() + " (invariant 10)");
            return;
        }
        if (lsn > last) {
            report(
                    KeyIndex.COLUMN_FAMILY,
                    lsn,
                    null,
                    "index entry points at LSN " + lsn + ", beyond the last flushed LSN " + last + " (invariant 10)");
            return;
        }
        int slot = slot(lsn);
        if (owners[slot] != column.get().position() + 1) {
            if (!unreadable.get(slot) && !heldTwice.get(slot)) {
                report(
                        KeyIndex.COLUMN_FAMILY,
                        lsn,
                        null,
                        "the key index points at LSN " + lsn + ", which type " + typeName
                                + " does not hold (invariant 10)");
            }
            return;
        }
        if (indexed.get(slot)) {
            report(
                    KeyIndex.COLUMN_FAMILY,
                    lsn,
                    null,
                    "a second index entry for LSN " + lsn + "; an entry has at most one secondary key (invariant 10)");
        } else if (!keyed.get(slot) && !keyUnknown.get(slot)) {
            report(
                    KeyIndex.COLUMN_FAMILY,
                    lsn,
                    null,
                    "index entry for LSN " + lsn + ", whose entry's codec gives no secondary key (invariant 10)");
        }
        indexed.set(slot);
    }

    /** Reports every retained LSN no walk found and no lookup failed to read, as ranges. */
    private void findHoles() {
        long holeStart = -1;
        for (int slot = 0; slot <= owners.length; slot++) {
            boolean hole = slot < owners.length && owners[slot] == 0 && !unreadable.get(slot);
            if (hole && holeStart < 0) {
                holeStart = first + slot;
            } else if (!hole && holeStart >= 0) {
                reportHole(holeStart, first + slot - 1);
                holeStart = -1;
            }
        }
    }

    private void reportHole(long from, long to) {
        String which =
                from == to ? "LSN " + from + " is" : "LSNs " + from + ".." + to + " (" + (to - from + 1) + ") are";
        String metadata = "";
        if (from == first) {
            metadata += "; the metadata's first retained LSN is " + first;
        }
        if (to == last) {
            metadata += "; the metadata's last flushed LSN is " + last;
        }
        report(
                null,
                from,
                null,
                which + " flushed and not truncated, yet no type holds " + (from == to ? "it" : "them") + metadata);
    }

    private int slot(long lsn) {
        return (int) (lsn - first);
    }

    private void report(String columnFamily, long lsn, byte[] key, String description) {
        problems++;
        sink.accept(new StoreProblem(columnFamily, lsn, key, description));
    }
}
