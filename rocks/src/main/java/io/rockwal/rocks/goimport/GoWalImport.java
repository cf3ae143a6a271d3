package io.rockwal.rocks.goimport;

import io.rockwal.core.EncodedEvent;
import io.rockwal.core.EventCatalog;
import io.rockwal.core.EventLog;
import io.rockwal.core.LsnMetadata;
import io.rockwal.core.WalEntry;
import io.rockwal.events.StandardEvents;
import io.rockwal.rocks.RocksEventLog;
import io.rockwal.rocks.RocksEventLogOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Imports the log of the original Go node (tidwall/wal segments, as its {@code NewWAL} writes them)
 * into a rockwal store, losslessly: every whole entry at its own LSN, with its operation, its timestamp
 * and its payload, and every checkpoint marker at its LSN.
 *
 * <pre>{@code
 * GoImportReport report = GoWalImport.from(Path.of("node/wal")).into(Path.of("node/rockwal"));
 * }</pre>
 *
 * <ul>
 *   <li><b>Read-only.</b> The Go directory is only read: never opened through tidwall (whose open
 *       repairs and writes), never locked, never changed.</li>
 *   <li><b>LSNs.</b> The store's LSNs are the Go log's. A log whose front was truncated starts the new
 *       store at its first remaining LSN ({@link RocksEventLogOptions.Builder#firstLsn}). The next LSN
 *       comes from the log, never from {@code lsn_metadata.json}, which the Go node rewrites without
 *       fsync and which lags the log after a crash; the report says how the two disagree.</li>
 *   <li><b>Timestamps.</b> The Go log stores Unix seconds; the store keeps milliseconds, so each
 *       becomes {@code seconds * 1000}: exact, and seconds again by dividing. The events' own
 *       timestamps (reconciliation, PoTS) are copied as they are.</li>
 *   <li><b>Payloads.</b> A protobuf event's stored payload is its {@code proto_data}, byte for byte
 *       (an entry whose bytes would change through a parse and re-encode is refused). Reconciliation
 *       and PoTS events keep every field.</li>
 *   <li><b>Damage.</b> A torn last record (a crash during its write) is left out and reported, or
 *       refused with {@link #strict(boolean) strict}. Anything else is refused with a
 *       {@link GoWalException} naming the file, the offset and the LSN: an undecodable or zero-length
 *       record, a segment ending inside a record before the last, overlapping segments or an LSN gap,
 *       an unknown event type. Framing is checked for the whole log before anything is written.</li>
 *   <li><b>Again.</b> Importing into a store that already holds a prefix of the same log (an earlier
 *       import, interrupted or not) checks every entry the store holds against the log and continues
 *       after them. A store holding anything else is refused, and keeps what it holds.</li>
 * </ul>
 *
 * <p>If an import fails, a store it created is removed; a store it continued keeps what it held and the
 * entries imported up to the failure (a prefix of the Go log, which a later import continues). The
 * exception's message says which.
 */
public final class GoWalImport {

    /** The largest record accepted: the largest payload, twice base64-encoded, with room for the JSON. */
    static final int MAX_RECORD_BYTES = 2 * EventLog.MAX_PAYLOAD_BYTES + (1 << 20);

    private static final int BATCH_SIZE = 1000;
    private static final int PROGRESS_EVERY = 4096;

    /**
     * How far an import is.
     *
     * @param lsn the LSN just imported or checked
     * @param done entries imported or checked so far
     * @param total whole entries in the Go log
     */
    public record Progress(long lsn, long done, long total) {}

    private final Path goDir;
    private boolean strict;
    private Consumer<Progress> progress = ignored -> {};

    private GoWalImport(Path goDir) {
        this.goDir = goDir;
    }

    /** An import of the Go log in {@code goDir}: the directory holding its segment files. */
    public static GoWalImport from(Path goDir) {
        return new GoWalImport(
                Objects.requireNonNull(goDir, "goDir").toAbsolutePath().normalize());
    }

    /** Whether a torn last record is refused instead of left out. Default false. */
    public GoWalImport strict(boolean strict) {
        this.strict = strict;
        return this;
    }

    /** Called on the importing thread every few thousand entries and once at the end. */
    public GoWalImport onProgress(Consumer<Progress> progress) {
        this.progress = Objects.requireNonNull(progress, "progress");
        return this;
    }

    /**
     * Imports into the store in {@code storeDir}: a new one (the directory missing or empty) or one that
     * holds a prefix of this log.
     *
     * @return what was imported
     * @throws GoWalException if the Go log is damaged before its tail, is not a Go log, has a torn tail
     *     in strict mode, or the store holds something other than a prefix of it
     * @throws io.rockwal.core.EventLogException if the store cannot be opened or written
     */
    public GoImportReport into(Path storeDir) {
        long began = System.nanoTime();
        Path store =
                Objects.requireNonNull(storeDir, "storeDir").toAbsolutePath().normalize();
        GoLogDirectory dir = GoLogDirectory.open(goDir);
        GoSegmentReader.Layout layout = GoSegmentReader.scan(dir, MAX_RECORD_BYTES);
        GoImportReport.TornRecord torn = layout.torn() == null
                ? null
                : new GoImportReport.TornRecord(
                        layout.torn().segment(),
                        layout.torn().offset(),
                        layout.torn().bytesPresent(),
                        layout.torn().declaredLength(),
                        layout.torn().lsn());
        if (torn != null && strict) {
            throw new GoWalException(
                    "the last record is torn (" + torn.bytesPresent() + " bytes of a frame"
                            + (torn.declaredLength() < 0
                                    ? " whose length prefix is cut"
                                    : " declaring " + torn.declaredLength() + " bytes")
                            + "), and strict mode refuses it; without strict it is left out and reported",
                    torn.segment(),
                    torn.offset(),
                    torn.lsn());
        }
        boolean created = isAbsentOrEmpty(store);
        ImportClock clock = new ImportClock();
        RocksEventLogOptions options = RocksEventLogOptions.builder()
                .firstLsn(layout.firstLsn())
                .batchSize(BATCH_SIZE)
                .maxCheckpoints(Math.max(
                        EventLog.DEFAULT_MAX_CHECKPOINTS, dir.checkpoints().size()))
                .clock(clock)
                .build();
        List<String> notes = new ArrayList<>();
        GoEntryDecoder decoder = new GoEntryDecoder();
        Map<String, Long> byClass = new TreeMap<>();
        Counts counts = new Counts();
        List<Long> checkpoints;
        RocksEventLog log = RocksEventLog.open(store, options);
        try {
            LsnMetadata before = log.metadata();
            long storeLast = before.lastFlushedLsn();
            checkStoreIsAPrefix(before, layout, store);
            Set<Long> storeCheckpoints = new HashSet<>(log.checkpoints());
            Set<Long> markers = markersInLog(dir.checkpoints(), layout, storeLast, storeCheckpoints, notes);
            EventCatalog catalog = StandardEvents.catalog();
            if (markers.contains(layout.firstLsn() - 1) && !storeCheckpoints.contains(layout.firstLsn() - 1)) {
                log.createCheckpoint();
            }
            try (DecodedEntries entries =
                    new DecodedEntries(new GoSegmentReader(dir, layout, MAX_RECORD_BYTES), decoder)) {
                for (DecodedEntries.Decoded decoded = entries.next(); decoded != null; decoded = entries.next()) {
                    GoEntryDecoder.GoEntry entry = decoded.entry();
                    if (entry.lsn() <= storeLast) {
                        checkSame(decoded, log.get(entry.lsn()).orElse(null), catalog.encode(entry.event()));
                        counts.checked++;
                    } else {
                        clock.set(decoded.timestampMillis());
                        long lsn = log.write(entry.event());
                        if (lsn != entry.lsn()) {
                            throw new IllegalStateException("the store gave LSN " + lsn + " to Go LSN " + entry.lsn());
                        }
                        counts.imported++;
                        counts.lastWritten = lsn;
                    }
                    if (markers.contains(entry.lsn()) && !storeCheckpoints.contains(entry.lsn())) {
                        log.createCheckpoint();
                    }
                    byClass.merge(entry.event().getClass().getSimpleName(), 1L, Long::sum);
                    long done = counts.imported + counts.checked;
                    if (done % PROGRESS_EVERY == 0) {
                        progress.accept(new Progress(entry.lsn(), done, layout.records()));
                    }
                }
            }
            log.flush();
            checkpoints = log.checkpoints();
            log.close();
        } catch (RuntimeException | Error e) {
            closeQuietly(log, e);
            throw failed(e, store, created, counts);
        }
        progress.accept(new Progress(layout.lastLsn(), counts.imported + counts.checked, layout.records()));
        return new GoImportReport(
                goDir,
                store,
                layout.firstLsn(),
                layout.lastLsn(),
                counts.imported,
                counts.checked,
                byClass,
                checkpoints,
                layout.bytes(),
                Duration.ofNanos(System.nanoTime() - began),
                torn,
                metadataNote(dir.metadata(), layout),
                decoder.normalised(),
                notes);
    }

    private static void checkStoreIsAPrefix(LsnMetadata state, GoSegmentReader.Layout layout, Path store) {
        long first = state.firstRetainedLsn();
        long last = state.lastFlushedLsn();
        if (state.isEmpty() && last + 1 != layout.firstLsn()) {
            throw new GoWalException(
                    "the store " + store + " holds no entry but continues from LSN " + (last + 1)
                            + ", and the Go log starts at " + layout.firstLsn() + ": import into a new directory",
                    null,
                    -1,
                    0);
        }
        if (!state.isEmpty() && (first > layout.firstLsn() || last > layout.lastLsn())) {
            throw new GoWalException(
                    "the store " + store + " holds LSNs " + first + " to " + last
                            + ", which are not a prefix of the Go log's " + layout.firstLsn() + " to "
                            + layout.lastLsn()
                            + ": import into a new directory",
                    null,
                    -1,
                    0);
        }
        if (!state.isEmpty() && layout.firstLsn() > last + 1) {
            throw new GoWalException(
                    "the store " + store + " ends at LSN " + last + " and the Go log starts at " + layout.firstLsn()
                            + ": LSNs between would be missing",
                    null,
                    -1,
                    0);
        }
    }

    /** The markers the import creates or checks; the others are noted and left out. */
    private static Set<Long> markersInLog(
            List<Long> markers,
            GoSegmentReader.Layout layout,
            long storeLast,
            Set<Long> storeCheckpoints,
            List<String> notes) {
        Set<Long> kept = new HashSet<>();
        for (long marker : markers) {
            if (marker < layout.firstLsn() - 1) {
                notes.add("checkpoint marker " + marker + " is before the log's first LSN " + layout.firstLsn()
                        + ": not imported");
            } else if (marker > layout.lastLsn()) {
                notes.add("checkpoint marker " + marker + " is past the log's last whole entry " + layout.lastLsn()
                        + ": not imported");
            } else if (marker < storeLast && !storeCheckpoints.contains(marker)) {
                notes.add("checkpoint marker " + marker + " is inside what the store already held, which has no"
                        + " checkpoint there: not created (a checkpoint records the LSN it is taken at)");
            } else {
                kept.add(marker);
            }
        }
        return kept;
    }

    private static void checkSame(DecodedEntries.Decoded decoded, WalEntry stored, EncodedEvent expected) {
        long millis = decoded.timestampMillis();
        String difference;
        if (stored == null) {
            difference = "the store has no entry there";
        } else if (!stored.type().equals(expected.type())) {
            difference = "the store's is of type " + stored.type() + ", the Go log's " + expected.type();
        } else if (stored.operation() != expected.operation()) {
            difference = "the store's operation is " + stored.operation() + ", the Go log's " + expected.operation();
        } else if (stored.timestampMillis() != millis) {
            difference = "the store's timestamp is " + stored.timestampMillis() + " ms, the Go log's " + millis + " ms";
        } else if (stored.codecId() != expected.codecId() || !Arrays.equals(stored.payload(), expected.payload())) {
            difference = "the payloads differ";
        } else {
            return;
        }
        throw new GoWalException(
                "the store holds another log than this one: " + difference + "; import into a new directory",
                decoded.segment(),
                decoded.offset(),
                decoded.entry().lsn());
    }

    static long millis(GoSegmentReader.Frame frame, long seconds) {
        try {
            return Math.multiplyExact(seconds, 1000L);
        } catch (ArithmeticException e) {
            throw new GoWalException(
                    "timestamp " + seconds + " s does not fit in milliseconds",
                    frame.segment(),
                    frame.offset(),
                    frame.lsn(),
                    e);
        }
    }

    private static String metadataNote(GoLogDirectory.MetadataFile metadata, GoSegmentReader.Layout layout) {
        if (!metadata.readable()) {
            return metadata.problem() + "; the log alone gives the LSNs";
        }
        long claimed = metadata.lastFlushedLsn();
        if (claimed == layout.lastLsn() && metadata.currentLsn() == claimed) {
            return "agrees with the log: last flushed LSN " + claimed;
        }
        String says = GoLogDirectory.METADATA_FILE + " says current_lsn " + metadata.currentLsn()
                + ", last_flushed_lsn " + claimed + "; the log's last whole entry is " + layout.lastLsn();
        if (claimed < layout.lastLsn()) {
            return says + ": " + (layout.lastLsn() - claimed) + " entries past the metadata (written before a crash"
                    + " rewrote it) are imported, and the next LSN is " + (layout.lastLsn() + 1);
        }
        long missing = claimed - layout.lastLsn();
        return says + ": the metadata claims " + missing + (missing == 1 ? " entry" : " entries")
                + " the log does not hold whole;"
                + " the next LSN is " + (layout.lastLsn() + 1);
    }

    private RuntimeException failed(Throwable e, Path store, boolean created, Counts counts) {
        String note;
        if (created) {
            note = removeQuietly(store)
                    ? "nothing imported: the new store " + store + " was removed"
                    : "the new store " + store + " could not be removed and holds part of the log: delete it";
        } else if (counts.imported == 0) {
            note = "the store " + store + " is as it was";
        } else {
            note = "the store " + store + " keeps what it held and LSNs " + (counts.lastWritten - counts.imported + 1)
                    + " to " + counts.lastWritten + " imported before the failure, a prefix of the Go log; importing"
                    + " again continues after them";
        }
        if (e instanceof GoWalException goWal) {
            return goWal.withStoreNote(note);
        }
        if (e instanceof Error error) {
            throw error;
        }
        return new GoWalException("the import failed: " + e.getMessage(), null, -1, 0, e).withStoreNote(note);
    }

    private static void closeQuietly(RocksEventLog log, Throwable failure) {
        try {
            log.close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static boolean isAbsentOrEmpty(Path dir) {
        if (!Files.exists(dir)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean removeQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Entries imported and checked so far, for the report and for what a failure leaves behind. */
    private static final class Counts {
        long imported;
        long checked;
        long lastWritten;
    }

    /** Stamps each entry with its Go timestamp: the store's clock, set before every write. */
    private static final class ImportClock implements InstantSource {
        private volatile long millis;

        void set(long millis) {
            this.millis = millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public long millis() {
            return millis;
        }
    }
}
