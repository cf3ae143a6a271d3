package io.rockwal.rocks.goimport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an import did.
 *
 * @param goDir the Go log directory read
 * @param store the store written
 * @param firstLsn the first LSN of the Go log (the store's first, for a new store)
 * @param lastLsn the last whole entry of the Go log, now the store's last LSN; {@code firstLsn - 1} for
 *     a log without entries
 * @param imported entries written by this import
 * @param alreadyInStore entries the store held before, each checked equal to the Go log's
 * @param entriesByClass entries of the Go log by event class, sorted by name ({@code HeaderSyncEvent}, ...), imported
 *     or already there
 * @param checkpoints the store's checkpoints afterwards
 * @param segmentBytes bytes of the Go log's segment files
 * @param elapsed how long the import took
 * @param torn the torn last record left out, or null when the log ends on a whole record
 * @param metadataFile how {@code lsn_metadata.json} compares with the log (the log is what counts)
 * @param normalised what the Go log stored in a way the Java store does not keep, with counts: an
 *     empty type inside a reconciliation's event JSON, its operation {@code ""} (kept as UPDATE)
 * @param notes anything else worth a line: checkpoint markers outside the log, say
 */
public record GoImportReport(
        Path goDir,
        Path store,
        long firstLsn,
        long lastLsn,
        long imported,
        long alreadyInStore,
        Map<String, Long> entriesByClass,
        List<Long> checkpoints,
        long segmentBytes,
        Duration elapsed,
        TornRecord torn,
        String metadataFile,
        Map<String, Long> normalised,
        List<String> notes) {

    /** Copies the collections. */
    public GoImportReport {
        entriesByClass = Collections.unmodifiableMap(new TreeMap<>(entriesByClass));
        checkpoints = List.copyOf(checkpoints);
        normalised = Collections.unmodifiableMap(new TreeMap<>(normalised));
        notes = List.copyOf(notes);
    }

    /**
     * The last record of the Go log, cut short by a crash in the middle of its write, and left out.
     *
     * @param segment the segment file
     * @param offset where its frame (the length prefix) starts
     * @param bytesPresent the frame's bytes in the file, prefix included
     * @param declaredLength the record length the prefix declares, or -1 if the prefix itself is cut
     * @param lsn the LSN it would have had
     */
    public record TornRecord(Path segment, long offset, long bytesPresent, long declaredLength, long lsn) {}

    /** Entries in the store from the Go log: imported now or before. */
    public long entries() {
        return imported + alreadyInStore;
    }
}
