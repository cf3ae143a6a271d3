package io.rockwal.rocks;

import io.rockwal.core.LsnMetadata;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link RocksEventLogReader#verify} checked and found. It reads every key of every type column
 * family and of the key index, and checks, against the format invariants of the
 * {@linkplain io.rockwal.rocks package documentation}:
 * <ul>
 *   <li>keys are 8 bytes and hold an LSN of at least 1 (invariant 2);</li>
 *   <li>no LSN is stored under two types (invariant 3);</li>
 *   <li>every LSN from the first retained to the last flushed is held by a type, and no entry lies
 *       beyond the last flushed LSN or below the first retained one outside a truncation (invariants
 *       4 and 6); missing LSNs are reported as ranges;</li>
 *   <li>every value's header decodes, and the type's ordinals agree with its anchors: every 64th entry
 *       stores its ordinal and the anchors are 64 entries apart (invariant 5);</li>
 *   <li>every payload decodes with the catalogue given (an entry whose codec it lacks, a node's own
 *       type, is counted in {@link #notDecodable()}, not a problem);</li>
 *   <li>the key index holds exactly the entries the codecs give a secondary key, each pointing at an
 *       LSN its type holds (invariant 10); index entries below the first retained LSN are skipped,
 *       since the store sweeps them after truncations;</li>
 *   <li>every table block's checksum, also of blocks no read needs (filters, indexes).</li>
 * </ul>
 * Damaged table blocks are reported as ranges of LSNs a lookup cannot read, and the check goes on
 * after them. The metadata itself (format version, LSN state, checkpoints) is checked when the reader
 * opens.
 *
 * @param state the LSN state checked against
 * @param typeCount how many type column families there are
 * @param entries how many entries were read
 * @param indexEntries how many key-index entries were read
 * @param problems how many problems were reported
 * @param notDecodable entries whose payload the catalogue could not decode because it lacks their
 *     codec, counted by {@code "<type> (codec <id>)"}
 */
public record VerifyReport(
        LsnMetadata state,
        int typeCount,
        long entries,
        long indexEntries,
        long problems,
        Map<String, Long> notDecodable) {

    /** Copies the map, sorted by its keys. */
    public VerifyReport {
        notDecodable = Collections.unmodifiableMap(new TreeMap<>(notDecodable));
    }

    /** Whether nothing was found. */
    public boolean clean() {
        return problems == 0;
    }
}
