package io.rockwal.rocks.tool;

import io.rockwal.core.EventCodecException;
import io.rockwal.core.EventLogCorruptedException;
import io.rockwal.core.EventLogException;
import io.rockwal.core.IncompatibleFormatException;
import io.rockwal.core.LsnMetadata;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import io.rockwal.events.EventFactory;
import io.rockwal.events.StandardEvents;
import io.rockwal.rocks.RocksEventLogReader;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Checks a store against the format invariants of the {@linkplain io.rockwal.rocks rocks package},
 * reporting every problem rather than stopping at the first.
 *
 * <p>It works through the reader's public API only: each type is replayed from the first retained LSN,
 * and a replay that stops on damage is resumed after it (after the damaged LSN; past a key of the
 * wrong length, at the first LSN whose key sorts after it; or, when the error names no LSN, after the
 * first LSN of the type that a point lookup finds damaged). It checks:
 * <ul>
 *   <li>keys: 8 bytes (invariant 2);</li>
 *   <li>one LSN, one type: no LSN is delivered by two types (invariant 3);</li>
 *   <li>contiguity and metadata: every LSN from the first retained to the last flushed is held by some
 *       type (invariants 4 and 6), holes reported as ranges;</li>
 *   <li>values: the header decodes (invariant 5, by the store) and the payload decodes with the
 *       standard catalogue ({@link EventFactory}). An entry whose codec id the standard catalogue lacks
 *       (a node's own type) cannot be decoded here and is counted as a note, not a problem.</li>
 * </ul>
 * Finally every table block's checksum is checked ({@link RocksEventLogReader#verifyChecksums()}),
 * which also finds damage in blocks no read needs (filters, indexes).
 * The metadata itself (format version, LSN state, checkpoint list) is checked when the reader opens.
 * Out of its reach: entries above the last flushed or below the first retained LSN, and keys sorting
 * outside that range, since the reader never looks there.
 */
final class Verifier {

    /**
     * One problem.
     *
     * @param columnFamily where it is, or null when no column family holds it (a hole)
     * @param lsn the LSN, or {@link EventLogCorruptedException#UNKNOWN_LSN}
     * @param key the raw key when the LSN is unknown, or null
     * @param description what is wrong
     */
    record Problem(String columnFamily, long lsn, byte[] key, String description) {

        /** For example {@code problem: wal:pots LSN 5: ...}. */
        String line() {
            StringBuilder where = new StringBuilder(columnFamily == null ? "-" : columnFamily);
            if (lsn != EventLogCorruptedException.UNKNOWN_LSN) {
                where.append(" LSN ").append(lsn);
            } else if (key != null) {
                where.append(" key ").append(HexFormat.of().formatHex(key)).append(" (").append(key.length)
                        .append(" bytes)");
            }
            return "problem: " + where + ": " + EntryOutput.oneLine(description);
        }
    }

    /**
     * What a run found.
     *
     * @param state the LSN state checked against
     * @param typeCount how many type column families there are
     * @param entries how many entries were read
     * @param problems how many problems were reported
     * @param notDecodable entries that could not be decoded with the standard catalogue, by type and codec id
     */
    record Result(LsnMetadata state, int typeCount, long entries, long problems, Map<String, Long> notDecodable) {
    }

    /** Marks an LSN whose entry was reported as damaged, so that it is not also reported as a hole. */
    private static final short DAMAGED = -1;
    private static final int KEY_LENGTH = 8;
    private static final long MAX_SPAN = Integer.MAX_VALUE - 16;

    private final RocksEventLogReader reader;
    private final Consumer<Problem> sink;
    private final Progress progress;
    private final Map<String, Long> notDecodable = new TreeMap<>();
    private List<WalType> types;
    private long first;
    private long last;
    /** Per LSN from the first retained: 0 unseen, i + 1 held by type i, or {@link #DAMAGED}. */
    private short[] owners;
    private long entries;
    private long problems;

    /** A verifier that hands each problem to {@code sink} as soon as it is found. */
    Verifier(RocksEventLogReader reader, Consumer<Problem> sink, Progress progress) {
        this.reader = reader;
        this.sink = sink;
        this.progress = progress;
    }

    /**
     * Walks the store.
     *
     * @throws EventLogException if the store cannot be read at all (an I/O error, not damage)
     * @throws IllegalStateException if the store retains more LSNs than one run can track
     */
    Result run() {
        LsnMetadata state = reader.metadata();
        first = state.firstRetainedLsn();
        last = state.lastFlushedLsn();
        long span = state.isEmpty() ? 0 : last - first + 1;
        if (span > MAX_SPAN) {
            throw new IllegalStateException("the store retains " + span + " LSNs; verify checks at most " + MAX_SPAN);
        }
        if (reader.types().size() >= Short.MAX_VALUE) {
            throw new IllegalStateException("the store has " + reader.types().size() + " types; verify checks at most "
                    + (Short.MAX_VALUE - 1));
        }
        owners = new short[(int) span];
        types = reader.types();
        for (int i = 0; i < types.size(); i++) {
            walk(i);
        }
        findHoles();
        try {
            reader.verifyChecksums();
        } catch (EventLogCorruptedException e) {
            report(null, EventLogCorruptedException.UNKNOWN_LSN, null, "table checksums: " + e.getMessage());
        }
        progress.clear();
        return new Result(state, types.size(), entries, problems, notDecodable);
    }

    /** Replays one type from the first retained LSN, resuming after each damaged entry. */
    private void walk(int typeIndex) {
        WalType type = types.get(typeIndex);
        long[] next = {first};
        while (next[0] <= last) {
            long from = next[0];
            try {
                reader.replay(type, from, entry -> {
                    check(typeIndex, entry);
                    next[0] = entry.lsn() + 1;
                });
                return;
            } catch (EventLogCorruptedException | IncompatibleFormatException e) {
                long resumeAt = resumeAfter(typeIndex, next[0], e);
                if (resumeAt <= next[0]) {
                    return;
                }
                next[0] = resumeAt;
            }
        }
    }

    private void check(int typeIndex, WalEntry entry) {
        long lsn = entry.lsn();
        WalType type = types.get(typeIndex);
        entries++;
        int slot = (int) (lsn - first);
        short owner = owners[slot];
        if (owner > 0) {
            report(type.name(), lsn, null, "LSN " + lsn + " is also stored under " + types.get(owner - 1)
                    + "; an LSN belongs to exactly one type");
        } else if (owner == 0) {
            owners[slot] = (short) (typeIndex + 1);
        }
        if (StandardEvents.catalog().codec(entry.codecId()).isPresent()) {
            try {
                EventFactory.decode(entry);
            } catch (EventCodecException e) {
                report(type.name(), lsn, null, "payload does not decode: " + e.getMessage());
            }
        } else {
            notDecodable.merge(type.name() + " (codec " + entry.codecId() + ")", 1L, Long::sum);
        }
        progress.update(entries, owners.length);
    }

    /**
     * Reports what stopped a replay of {@code type} that had delivered everything below {@code next},
     * and returns the LSN to resume from; {@code next} or less when the walk of this type cannot go on.
     * A replay may read ahead, so entries of the type between {@code next} and the damage are checked by
     * point lookups.
     */
    private long resumeAfter(int typeIndex, long next, EventLogException e) {
        WalType type = types.get(typeIndex);
        if (e instanceof EventLogCorruptedException corrupted) {
            String columnFamily = corrupted.columnFamily() == null ? type.name() : corrupted.columnFamily();
            if (corrupted.lsn() != EventLogCorruptedException.UNKNOWN_LSN && corrupted.lsn() >= next) {
                checkByLookup(typeIndex, next, corrupted.lsn());
                reportDamaged(columnFamily, corrupted.lsn(), e.getMessage());
                return corrupted.lsn() + 1;
            }
            byte[] key = corrupted.key();
            if (key != null && key.length != KEY_LENGTH) {
                report(columnFamily, EventLogCorruptedException.UNKNOWN_LSN, key, e.getMessage());
                long after = firstLsnSortingAfter(key);
                if (after > next) {
                    checkByLookup(typeIndex, next, Math.min(after, last + 1));
                    return after;
                }
            }
        }
        return probe(typeIndex, next, e);
    }

    /** Checks the entries of the type in {@code [from, before)} one point lookup at a time. */
    private void checkByLookup(int typeIndex, long from, long before) {
        for (long lsn = from; lsn < before; lsn++) {
            lookUp(typeIndex, lsn);
        }
    }

    /**
     * Looks up one LSN: an entry of the type is checked; damage in the type's column family is reported
     * and ends the lookup with true.
     */
    private boolean lookUp(int typeIndex, long lsn) {
        WalType type = types.get(typeIndex);
        try {
            reader.get(lsn).filter(entry -> entry.type().equals(type)).ifPresent(entry -> check(typeIndex, entry));
            return false;
        } catch (EventLogCorruptedException e) {
            if (type.name().equals(e.columnFamily())) {
                reportDamaged(type.name(), lsn, e.getMessage());
                return true;
            }
            return false;
        } catch (IncompatibleFormatException e) {
            reportDamaged(type.name(), lsn, e.getMessage());
            return true;
        }
    }

    /**
     * The smallest LSN whose 8-byte key sorts after {@code key} in RocksDB's bytewise order. A shorter
     * key sorts just before its zero-padded form; a longer one just after its first 8 bytes.
     */
    static long firstLsnSortingAfter(byte[] key) {
        long lsn = 0;
        for (int i = 0; i < KEY_LENGTH; i++) {
            lsn = (lsn << 8) | (i < key.length ? key[i] & 0xff : 0);
        }
        return key.length < KEY_LENGTH ? lsn : lsn + 1;
    }

    /**
     * Finds the damaged entry of the type at or after {@code next} by point lookups, checking the
     * entries before it, when the replay's error did not say where it was. Returns the LSN after it, or
     * {@code next} if none is found.
     */
    private long probe(int typeIndex, long next, EventLogException cause) {
        for (long lsn = next; lsn <= last; lsn++) {
            if (lookUp(typeIndex, lsn)) {
                return lsn + 1;
            }
        }
        report(types.get(typeIndex).name(), EventLogCorruptedException.UNKNOWN_LSN, null, "a replay of this type fails"
                + " at or after LSN " + next + " although every lookup by LSN from there succeeds: " + cause.getMessage());
        return next;
    }

    /** Reports every LSN of the retained range that no walk delivered and no point lookup finds. */
    private void findHoles() {
        long holeStart = -1;
        for (int slot = 0; slot <= owners.length; slot++) {
            boolean hole = slot < owners.length && owners[slot] == 0 && isHole(first + slot);
            if (hole && holeStart < 0) {
                holeStart = first + slot;
            } else if (!hole && holeStart >= 0) {
                reportHole(holeStart, first + slot - 1);
                holeStart = -1;
            }
        }
    }

    /** Whether an LSN no walk delivered is really missing; reports it if it is there but damaged. */
    private boolean isHole(long lsn) {
        try {
            reader.get(lsn);
            return false;
        } catch (EventLogCorruptedException e) {
            if (e.columnFamily() == null) {
                return true;
            }
            reportDamaged(e.columnFamily(), lsn, e.getMessage());
            return false;
        } catch (IncompatibleFormatException e) {
            reportDamaged(null, lsn, e.getMessage());
            return false;
        }
    }

    private void reportHole(long from, long to) {
        String which = from == to ? "LSN " + from + " is" : "LSNs " + from + ".." + to + " (" + (to - from + 1) + ") are";
        String metadata = "";
        if (from == first) {
            metadata += "; the metadata's first retained LSN is " + first;
        }
        if (to == last) {
            metadata += "; the metadata's last flushed LSN is " + last;
        }
        report(null, from, null, which + " flushed and not truncated, yet no type holds "
                + (from == to ? "it" : "them") + metadata);
    }

    private void reportDamaged(String columnFamily, long lsn, String description) {
        report(columnFamily, lsn, null, description);
        if (lsn >= first && lsn <= last && owners[(int) (lsn - first)] == 0) {
            owners[(int) (lsn - first)] = DAMAGED;
        }
    }

    private void report(String columnFamily, long lsn, byte[] key, String description) {
        problems++;
        progress.clear();
        sink.accept(new Problem(columnFamily, lsn, key, description));
    }
}
