package io.rockwal.rocks;

import static io.rockwal.rocks.CorruptionFixture.POTS;
import static io.rockwal.rocks.CorruptionFixture.RECONCILIATION;
import static io.rockwal.rocks.CorruptionFixture.assertExact;
import static io.rockwal.rocks.CorruptionFixture.assertIntact;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockwal.core.EventCodecException;
import io.rockwal.core.EventLogCorruptedException;
import io.rockwal.core.EventLogException;
import io.rockwal.core.EventLogIOException;
import io.rockwal.core.IncompatibleFormatException;
import io.rockwal.core.IndexKeys;
import io.rockwal.core.LsnMetadata;
import io.rockwal.core.Operation;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import io.rockwal.events.EventFactory;
import io.rockwal.events.StandardEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corruption suite (issue 7): a store is damaged behind the log's back, one way per test, and must
 * react as documented: refused at open (stably, without changing its files), reported on the read that
 * meets the damage with the column family and LSN (other entries stay readable), or recovered to the
 * last whole batch (a torn write-ahead-log tail). Damage is never read back as wrong data and never
 * skipped. Every store that opens is then appended to and reopened, and its earlier good data checked.
 *
 * <p>Stores hold the events of {@link CorruptionFixture}, a function of the LSN, so every entry read is
 * compared with what was written.
 */
class CorruptionIT {

    /** Entries in a store built for one case. */
    private static final int ENTRIES = Integer.getInteger("rockwal.corruption.entries", 300);
    /** Entries appended after a case that leaves the store openable. */
    private static final int APPENDED = 30;

    private enum Outcome {
        REFUSED_AT_OPEN("refused at open"),
        REPORTED_ON_READ("reported on read with column family and LSN"),
        REPORTED_WITHOUT_LSN("reported on read with column family but no LSN"),
        RECOVERED("recovered"),
        KEPT("kept and read as documented");

        final String label;

        Outcome(String label) {
            this.label = label;
        }
    }

    private static final Map<String, Outcome> OUTCOMES = new ConcurrentSkipListMap<>();
    /** Writes or closes that failed because RocksDB stopped writing after meeting damage. */
    private static final List<String> WRITES_STOPPED = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Damage that loses acknowledged data without an error (a store gap, see the disabled tests). */
    private static final List<String> SILENT_LOSSES = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** What the tool's verify said about each damaged store, by case. */
    private static final Map<String, io.rockwal.rocks.tool.CorruptionVerify.Result> VERIFY =
            new ConcurrentSkipListMap<>();
    /** What each refused open threw, by case. */
    private static final Map<String, String> REFUSALS = new ConcurrentSkipListMap<>();
    /** Files a refused open rewrote, by refusal; printed for the record. */
    private static final Map<String, List<String>> FILE_CHANGES = new ConcurrentSkipListMap<>();

    private static long startNanos;

    @TempDir
    Path root;

    private Path dir;

    @BeforeAll
    static void start() {
        startNanos = System.nanoTime();
    }

    @AfterAll
    static void summary() {
        Map<Outcome, Long> byOutcome = new java.util.EnumMap<>(Outcome.class);
        OUTCOMES.values().forEach(outcome -> byOutcome.merge(outcome, 1L, Long::sum));
        List<String> parts = new ArrayList<>();
        byOutcome.forEach((outcome, count) -> parts.add(count + " " + outcome.label));
        REFUSALS.forEach((name, refusal) -> System.out.println("corruption detail: " + name + " refused: " + refusal
                + "; files rewritten by RocksDB's open: " + FILE_CHANGES.get(name)));
        WRITES_STOPPED.forEach(stop -> System.out.println("corruption detail: writes stopped after damage: " + stop));
        VERIFY.forEach((name, result) -> System.out.println(
                "corruption detail: verify on " + name + ": exit " + result.status() + ": " + result.firstLine()));
        long verifyFound =
                VERIFY.values().stream().filter(result -> result.status() == 3).count();
        SILENT_LOSSES.forEach(loss -> System.out.println("corruption detail: SILENT LOSS: " + loss));
        System.out.printf(
                "corruption: %d cases handled (%s), 0 read back as wrong data (%,d entries compared),"
                        + " %d silent losses of acknowledged data, rockwal verify exit 3 on %d of %d damaged stores, in %d s%n",
                OUTCOMES.size(),
                String.join(", ", parts),
                CorruptionFixture.VERIFIED.get(),
                SILENT_LOSSES.size(),
                verifyFound,
                VERIFY.size(),
                Math.round((System.nanoTime() - startNanos) / 1e9));
    }

    private static void handled(String name, Outcome outcome) {
        OUTCOMES.put(name, outcome);
    }

    private Path store() {
        dir = root.resolve("store");
        CorruptionFixture.writeStore(dir, ENTRIES, 50);
        return dir;
    }

    // ---------------------------------------------------------------- refused at open

    @Test
    void aMissingCurrentFileIsRefusedAndNotRecreated() throws Exception {
        store();
        Files.delete(dir.resolve("CURRENT"));
        refusedStably(
                EventLogCorruptedException.class,
                e -> assertThat(e.getMessage()).contains("CURRENT"));
        assertThat(dir.resolve("CURRENT")).doesNotExist();
        handled("missing CURRENT", Outcome.REFUSED_AT_OPEN);
    }

    @Test
    void aTruncatedManifestIsRefusedAndItsTableFilesKept() throws Exception {
        store();
        Path manifest = CorruptionFiles.files(dir, "MANIFEST-", "").get(0);
        List<Path> tables = CorruptionFiles.files(dir, "", ".sst");
        CorruptionFiles.truncate(manifest, Files.size(manifest) / 2);
        try {
            refusedStably(
                    EventLogCorruptedException.class,
                    e -> assertThat(e.getMessage()).contains("MANIFEST"));
        } finally {
            assertThat(CorruptionFiles.files(dir, "", ".sst"))
                    .as("table files after the open")
                    .containsAll(tables);
        }
        handled("MANIFEST cut in half", Outcome.REFUSED_AT_OPEN);
    }

    @Test
    void aManifestEndingInATornVersionEditIsCutBackAndOpensWithEveryEntry() throws Exception {
        // what the 1,000-cut power-cut loop left: the unsynced tail of a version edit in random bytes;
        // RocksDB then lists no column family at all, without an error
        store();
        Path manifest = CorruptionFiles.files(dir, "MANIFEST-", "").get(0);
        long whole = Files.size(manifest);
        byte[] torn = tornRecord(whole, new Random(44176015985978L));
        Files.write(manifest, torn, java.nio.file.StandardOpenOption.APPEND);
        assertThat(WalTail.manifestDamage(manifest)).satisfies(damage -> {
            assertThat(damage.offset()).isEqualTo(whole);
            assertThat(damage.isTornTail()).isTrue();
        });
        Map<String, String> before = CorruptionFiles.fingerprint(dir);
        assertThatThrownBy(() -> RocksEventLogReader.open(dir))
                .isInstanceOf(EventLogCorruptedException.class)
                .hasMessageContaining(manifest.getFileName() + " is damaged at byte offset " + whole)
                .hasMessageContaining("nothing whole follows it")
                .hasMessageContaining("RocksEventLog.open cuts it back");
        assertThat(CorruptionFiles.changes(before, CorruptionFiles.fingerprint(dir)))
                .as("files a reader changed")
                .isEmpty();
        recordVerify();
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            assertThat(log.lastFlushedLsn()).isEqualTo(ENTRIES);
            assertIntact(log::get, 1, ENTRIES);
        }
        assertThat(dir.resolve(manifest.getFileName() + ".torn-" + whole))
                .as("the cut bytes, kept")
                .hasBinaryContent(torn);
        appendAndReopen(ENTRIES, ENTRIES);
        handled("MANIFEST ending in a torn version edit", Outcome.RECOVERED);
    }

    @Test
    void aGarbledManifestRecordWithWholeRecordsAfterItIsRefusedAndNotCut() throws Exception {
        store();
        Path manifest = CorruptionFiles.files(dir, "MANIFEST-", "").get(0);
        CorruptionFiles.flipByte(manifest, 10);
        refusedStably(
                EventLogCorruptedException.class,
                e -> assertThat(e.getMessage())
                        .contains(manifest.getFileName() + " is damaged at byte offset 0")
                        .contains("checksum mismatch")
                        .contains("whole records follow it"));
        assertThat(CorruptionFiles.files(dir, "MANIFEST-", ""))
                .as("no tail kept aside")
                .hasSize(1);
        handled("MANIFEST record garbled before whole ones", Outcome.REFUSED_AT_OPEN);
    }

    @Test
    void aGarbledLastManifestRecordIsCutAndTheStoreOpensWithEveryEntry() throws Exception {
        // the last edit of a closed store, damaged after it was synced: losing it loses nothing (the
        // write-ahead log it would have retired is still there), so the open's checks pass
        store();
        Path manifest = CorruptionFiles.files(dir, "MANIFEST-", "").get(0);
        CorruptionFiles.flipByte(manifest, Files.size(manifest) - 2);
        recordVerify();
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            assertThat(log.lastFlushedLsn()).isEqualTo(ENTRIES);
            assertIntact(log::get, 1, ENTRIES);
        }
        appendAndReopen(ENTRIES, ENTRIES);
        handled("MANIFEST's last record garbled", Outcome.RECOVERED);
    }

    @Test
    void aTornManifestTailOnAStoreTheChecksRefuseIsPutBackByteForByte() throws Exception {
        store();
        metaPut(MetadataCodec.FORMAT_KEY, new byte[] {0, 0, 1});
        Path manifest = CorruptionFiles.files(dir, "MANIFEST-", "").get(0);
        Files.write(manifest, tornRecord(Files.size(manifest), new Random(3)), java.nio.file.StandardOpenOption.APPEND);
        refusedStably(EventLogCorruptedException.class, e -> assertThat(e.key()).isEqualTo(MetadataCodec.FORMAT_KEY));
        assertThat(CorruptionFiles.files(dir, "MANIFEST-", ""))
                .as("no tail left aside")
                .hasSize(1);
        handled("torn MANIFEST tail on a store refused for another reason", Outcome.REFUSED_AT_OPEN);
    }

    /**
     * A record of the MANIFEST's format that starts at {@code offset}: a whole header (FULL, a length
     * that fits its 32 KiB block) over random bytes, as a torn write of a version edit leaves it.
     */
    private static byte[] tornRecord(long offset, Random random) {
        int room = (int) (WalTail.BLOCK_SIZE - offset % WalTail.BLOCK_SIZE);
        int length = Math.min(120, room - 7);
        assertThat(length).as("room for a record in the MANIFEST's last block").isPositive();
        byte[] record = new byte[7 + length];
        random.nextBytes(record);
        record[4] = (byte) length;
        record[5] = (byte) (length >>> 8);
        record[6] = 1;
        return record;
    }

    @Test
    void aMissingTableFileIsRefusedNamingItsColumnFamily() throws Exception {
        store();
        Files.delete(CorruptionFiles.sstOf(dir, "wal:pots").file());
        refusedStably(EventLogException.class, e -> {});
        handled("missing SST", Outcome.REFUSED_AT_OPEN);
    }

    @Test
    void aZeroLengthTableFileIsRefused() throws Exception {
        store();
        CorruptionFiles.truncate(CorruptionFiles.sstOf(dir, "wal:pots").file(), 0);
        refusedStably(EventLogCorruptedException.class, e -> {});
        handled("zero-length SST", Outcome.REFUSED_AT_OPEN);
    }

    @Test
    void aFlippedByteInATableFooterIsRefused() throws Exception {
        store();
        CorruptionFiles.SstLayout sst = CorruptionFiles.sstOf(dir, "wal:pots");
        CorruptionFiles.flipByte(sst.file(), sst.footerMagic());
        refusedStably(EventLogCorruptedException.class, e -> {});
        handled("flipped byte in an SST footer", Outcome.REFUSED_AT_OPEN);
    }

    @Test
    void aFlippedByteInATableIndexBlockIsRefused() throws Exception {
        store();
        CorruptionFiles.SstLayout sst = CorruptionFiles.sstOf(dir, "wal:pots");
        CorruptionFiles.flipByte(sst.file(), sst.middleOfIndex());
        refusedStably(EventLogCorruptedException.class, e -> {});
        handled("flipped byte in an SST index block", Outcome.REFUSED_AT_OPEN);
    }

    @Test
    void aFlippedByteInATableFilterBlockIsIgnoredAndEveryReadReturnsTheRightData() throws Exception {
        store();
        CorruptionFiles.SstLayout sst = CorruptionFiles.sstOf(dir, "wal:pots");
        CorruptionFiles.flipByte(sst.file(), sst.middleOfFilter());
        recordVerify();
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            CorruptionFixture.ReadPathReport report = CorruptionFixture.checkEveryReadPath(log, ENTRIES, "wal:pots");
            assertThat(report.threw)
                    .as("a filter only answers 'maybe'; RocksDB reads without it")
                    .isEmpty();
        }
        appendAndReopen(ENTRIES, ENTRIES);
        handled("flipped byte in an SST filter block", Outcome.RECOVERED);
    }

    @Test
    void anEntryAboveTheLastFlushedLsnIsRefusedNamingItsColumnFamilyAndLsn() throws Exception {
        store();
        try (RawStore raw = RawStore.open(dir)) {
            raw.put("wal:pots", LsnKeys.encode(ENTRIES + 1), rawValue(Operation.APPEND, 8, 1, new byte[] {1}));
        }
        refusedStably(EventLogCorruptedException.class, e -> {
            assertThat(e.columnFamily()).isEqualTo("wal:pots");
            assertThat(e.lsn()).isEqualTo(ENTRIES + 1);
        });
        handled("metadata behind the data (entry above the last flushed LSN)", Outcome.REFUSED_AT_OPEN);
    }

    @Test
    void metadataClaimingMoreThanTheDataHoldsIsRefusedNamingTheMissingLsn() throws Exception {
        store();
        rewriteState(state -> new LsnMetadata(ENTRIES + 5, ENTRIES + 5, state.lastUpdatedMillis(), 1));
        refusedStably(EventLogCorruptedException.class, e -> assertThat(e.lsn()).isEqualTo(ENTRIES + 5));
        handled("metadata ahead of the data (last flushed LSN stored nowhere)", Outcome.REFUSED_AT_OPEN);
    }

    @Test
    void metadataRetainingLsnsTheDataNoLongerHoldsIsRefusedNamingTheFirst() throws Exception {
        store();
        try (RawStore raw = RawStore.open(dir)) {
            for (long lsn = 1; lsn <= 4; lsn++) {
                raw.delete(CorruptionFixture.typeAt(lsn).name(), LsnKeys.encode(lsn));
            }
        }
        refusedStably(EventLogCorruptedException.class, e -> assertThat(e.lsn()).isEqualTo(1));
        handled("metadata's first retained LSN stored nowhere", Outcome.REFUSED_AT_OPEN);
    }

    @Test
    void aStateValueOfTheWrongLengthIsRefusedNamingTheMetadataKey() throws Exception {
        store();
        metaPut(MetadataCodec.STATE_KEY, new byte[31]);
        refusedStably(EventLogCorruptedException.class, e -> {
            assertThat(e.columnFamily()).isEqualTo(MetadataCodec.COLUMN_FAMILY);
            assertThat(e.key()).isEqualTo(MetadataCodec.STATE_KEY);
        });
        handled("state of the wrong length", Outcome.REFUSED_AT_OPEN);
    }

    @Test
    void aFormatValueOfTheWrongLengthIsRefusedNamingTheMetadataKey() throws Exception {
        store();
        metaPut(MetadataCodec.FORMAT_KEY, new byte[] {0, 0, 1});
        refusedStably(EventLogCorruptedException.class, e -> {
            assertThat(e.columnFamily()).isEqualTo(MetadataCodec.COLUMN_FAMILY);
            assertThat(e.key()).isEqualTo(MetadataCodec.FORMAT_KEY);
        });
        handled("format of the wrong length", Outcome.REFUSED_AT_OPEN);
    }

    @Test
    void aCheckpointListOfTheWrongLengthIsRefusedNamingTheMetadataKey() throws Exception {
        store();
        metaPut(MetadataCodec.CHECKPOINTS_KEY, new byte[12]);
        refusedStably(EventLogCorruptedException.class, e -> {
            assertThat(e.columnFamily()).isEqualTo(MetadataCodec.COLUMN_FAMILY);
            assertThat(e.key()).isEqualTo(MetadataCodec.CHECKPOINTS_KEY);
        });
        handled("checkpoints of the wrong length", Outcome.REFUSED_AT_OPEN);
    }

    @Test
    void aNewerStoreFormatIsRefusedWithBothVersions() throws Exception {
        store();
        metaPut(MetadataCodec.FORMAT_KEY, MetadataCodec.encodeFormat(MetadataCodec.STORE_FORMAT_VERSION + 1));
        refusedStably(IncompatibleFormatException.class, e -> {
            assertThat(e.foundVersion()).isEqualTo(MetadataCodec.STORE_FORMAT_VERSION + 1);
            assertThat(e.supportedVersion()).isEqualTo(MetadataCodec.STORE_FORMAT_VERSION);
        });
        handled("newer store format", Outcome.REFUSED_AT_OPEN);
    }

    @Test
    void aKeyOfTheWrongLengthAtTheEndOfATypeIsRefusedNamingColumnFamilyAndKey() throws Exception {
        store();
        byte[] nineBytes = {0, 0, 0, 0, 0, 0, 0, 2, 9};
        try (RawStore raw = RawStore.open(dir)) {
            raw.put("wal:datasync", nineBytes, rawValue(Operation.SYNC, 4, 1, new byte[0]));
        }
        refusedStably(EventLogCorruptedException.class, e -> {
            assertThat(e.columnFamily()).isEqualTo("wal:datasync");
            assertThat(e.key()).isEqualTo(nineBytes);
        });
        handled("key of the wrong length, last of its type", Outcome.REFUSED_AT_OPEN);
    }

    @Test
    void entriesWithoutMetadataAreRefusedNotReinitialised() throws Exception {
        store();
        try (RawStore raw = RawStore.open(dir)) {
            raw.delete(MetadataCodec.COLUMN_FAMILY, MetadataCodec.FORMAT_KEY);
            raw.delete(MetadataCodec.COLUMN_FAMILY, MetadataCodec.STATE_KEY);
        }
        refusedStably(
                EventLogCorruptedException.class,
                e -> assertThat(e.columnFamily()).startsWith("wal:"));
        handled("metadata missing, entries present", Outcome.REFUSED_AT_OPEN);
    }

    @Test
    void aLockFileThatIsADirectoryIsRefusedWithAnIoError() throws Exception {
        store();
        Files.delete(dir.resolve(StoreLock.FILE_NAME));
        Files.createDirectory(dir.resolve(StoreLock.FILE_NAME));
        refusedStably(EventLogIOException.class, e -> assertThat(e.getMessage()).contains(StoreLock.FILE_NAME));
        Files.delete(dir.resolve(StoreLock.FILE_NAME));
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            assertIntact(log::get, 1, ENTRIES);
        }
        appendAndReopen(ENTRIES, ENTRIES);
        handled("lock file made a directory", Outcome.REFUSED_AT_OPEN);
    }

    // ---------------------------------------------------------------- reported on read

    /**
     * Reads that meet the damaged block throw, naming the column family; every other read returns the
     * right data, and no replay or cursor skips the block. Once the reads release their snapshots,
     * RocksDB compacts the bottommost table files and meets the block too: it then stops all writes
     * (a background error), so a later flush or close throws {@link EventLogCorruptedException}. Whether
     * that compaction has run by the time of a given write is up to RocksDB's scheduler, so both outcomes
     * are accepted for the writes here; the reads are checked exactly, after every step.
     */
    @Test
    void aFlippedByteInATableDataBlockIsReportedByEveryReadPathThatMeetsIt() throws Exception {
        store();
        CorruptionFiles.SstLayout sst = CorruptionFiles.sstOf(dir, "wal:pots");
        CorruptionFiles.flipByte(sst.file(), sst.middleOfData());
        CorruptionFixture.ReadPathReport report;
        recordVerify();
        RocksEventLog log = RocksEventLog.open(dir, 0);
        try {
            report = CorruptionFixture.checkEveryReadPath(log, ENTRIES, "wal:pots");
        } finally {
            closeAcceptingCorruption(log);
        }
        assertThat(report.unreadableLsns)
                .as("LSNs in the damaged block")
                .isNotEmpty()
                .allSatisfy(lsn -> assertThat(CorruptionFixture.typeAt(lsn)).isEqualTo(POTS));
        assertThat(report.unreadableLsns.size()).as("one block's worth").isLessThan(ENTRIES / 3);
        assertThat(report.threw).contains("replay()", "replay(wal:pots)", "cursor()", "scan()", "cursor(wal:pots)");
        assertThat(report.correct).contains("replay(wal:reconciliation)", "last(wal:pots)", "count(wal:pots)");
        List<Long> good = goodLsns(report.unreadableLsns);
        try (RocksEventLogReader reader = RocksEventLogReader.open(dir)) {
            CorruptionFixture.ReadPathReport readerReport = CorruptionFixture.checkReader(reader, ENTRIES, "wal:pots");
            assertThat(readerReport.threw).contains("reader.replay()");
            assertThat(readerReport.threw.stream()
                            .filter(path -> path.startsWith("reader.get("))
                            .count())
                    .isEqualTo(report.unreadableLsns.size());
        }
        long appendedUpTo = ENTRIES;
        log = RocksEventLog.open(dir, 0);
        try {
            CorruptionFixture.append(log, ENTRIES + 1, ENTRIES + APPENDED, 10);
            appendedUpTo = (long) ENTRIES + APPENDED;
        } catch (EventLogCorruptedException e) {
            WRITES_STOPPED.add(
                    "flipped byte in an SST data block: " + e.getClass().getSimpleName());
        } finally {
            closeAcceptingCorruption(log);
        }
        try (RocksEventLogReader reader = RocksEventLogReader.open(dir)) {
            assertThat(reader.metadata().lastFlushedLsn()).isEqualTo(appendedUpTo);
            for (long lsn : good) {
                assertExact(reader.get(lsn), lsn);
            }
            assertIntact(reader::get, ENTRIES + 1, appendedUpTo);
            for (long lsn : report.unreadableLsns) {
                assertThatThrownBy(() -> reader.get(lsn)).isInstanceOf(EventLogCorruptedException.class);
            }
        }
        handled("flipped byte in an SST data block", Outcome.REPORTED_ON_READ);
    }

    @Test
    void aDamagedDataBlockIsReportedWithTheLsnItHolds() throws Exception {
        store();
        CorruptionFiles.SstLayout sst = CorruptionFiles.sstOf(dir, "wal:pots");
        CorruptionFiles.flipByte(sst.file(), sst.middleOfData());
        try (RocksEventLogReader reader = RocksEventLogReader.open(dir)) {
            long firstDamaged = 0;
            for (long lsn = 1; lsn <= ENTRIES && firstDamaged == 0; lsn++) {
                try {
                    reader.get(lsn);
                } catch (EventLogCorruptedException e) {
                    assertThat(e.lsn()).as("LSN named by get(%d)", lsn).isEqualTo(lsn);
                    firstDamaged = lsn;
                }
            }
            List<Long> replayed = new ArrayList<>();
            assertThatThrownBy(() -> reader.replay(entry -> replayed.add(entry.lsn())))
                    .isInstanceOfSatisfying(
                            EventLogCorruptedException.class,
                            e -> assertThat(e.lsn()).isEqualTo(replayed.size() + 1));
            List<StoreProblem> problems = new ArrayList<>();
            reader.verify(StandardEvents.catalog(), problems::add, checked -> {});
            assertThat(problems)
                    .as("verify names the damaged block's LSNs")
                    .anySatisfy(problem -> assertThat(problem.description()).contains("cannot be read"));
            assertThat(problems)
                    .as("the entries after the damaged block are checked against a fresh anchor")
                    .noneSatisfy(problem -> assertThat(problem.description()).contains("invariant 5"));
        }
    }

    @Test
    void aHoleInTheMiddleIsReportedByReplayAndGetWithItsLsn() throws Exception {
        store();
        try (RawStore raw = RawStore.open(dir)) {
            raw.delete("wal:pots", LsnKeys.encode(100));
        }
        recordVerify();
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            List<Long> replayed = new ArrayList<>();
            assertThatThrownBy(() -> log.replay(entry -> replayed.add(entry.lsn())))
                    .isInstanceOfSatisfying(
                            EventLogCorruptedException.class,
                            e -> assertThat(e.lsn()).isEqualTo(101));
            assertThat(replayed).hasSize(99);
            assertThatThrownBy(() -> log.get(100))
                    .isInstanceOfSatisfying(
                            EventLogCorruptedException.class,
                            e -> assertThat(e.lsn()).isEqualTo(100));
        }
        appendAndReopen(ENTRIES, goodLsns(List.of(100L)));
        handled("hole in the middle", Outcome.REPORTED_ON_READ);
    }

    @Test
    void anLsnStoredUnderTwoTypesIsReportedByReplayWithItsLsn() throws Exception {
        store();
        try (RawStore raw = RawStore.open(dir)) {
            raw.put("wal:headersync", LsnKeys.encode(50), rawValue(Operation.SYNC, 1, 1, new byte[0]));
        }
        recordVerify();
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            assertThatThrownBy(() -> log.replay(entry -> {}))
                    .isInstanceOfSatisfying(
                            EventLogCorruptedException.class,
                            e -> assertThat(e.lsn()).isEqualTo(50));
            assertExact(log.get(49), 49);
        }
        appendAndReopen(ENTRIES, goodLsns(List.of(50L)));
        handled("LSN present in two types", Outcome.REPORTED_ON_READ);
    }

    @Test
    void aKeyOfTheWrongLengthInTheMiddleIsReportedByReplayNamingColumnFamilyAndKey() throws Exception {
        store();
        byte[] nineBytes = {0, 0, 0, 0, 0, 0, 0, 20, 9};
        try (RawStore raw = RawStore.open(dir)) {
            raw.put("wal:pots", nineBytes, rawValue(Operation.APPEND, 8, 1, new byte[0]));
        }
        recordVerify();
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            List<Long> replayed = new ArrayList<>();
            assertThatThrownBy(() -> log.replay(entry -> replayed.add(entry.lsn())))
                    .isInstanceOfSatisfying(EventLogCorruptedException.class, e -> {
                        assertThat(e.columnFamily()).isEqualTo("wal:pots");
                        assertThat(e.key()).isEqualTo(nineBytes);
                    });
            assertThat(replayed).hasSizeLessThanOrEqualTo(20);
            assertIntact(log::get, 1, ENTRIES);
        }
        appendAndReopen(ENTRIES, ENTRIES);
        handled("key of the wrong length, mid-type", Outcome.REPORTED_ON_READ);
    }

    @Test
    void aValueWithAnUnknownFormatVersionIsRefusedOnReadNamingColumnFamilyAndLsn() throws Exception {
        store();
        rewriteValue(POTS, 101, value -> value[0] = (byte) (0xc0 | (value[0] & 0x3f))); // version bits 3
        recordVerify();
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            assertThatThrownBy(() -> log.get(101)).isInstanceOfSatisfying(IncompatibleFormatException.class, e -> {
                assertThat(e.foundVersion()).isEqualTo(3);
                assertThat(e.getMessage()).contains("wal:pots", "LSN 101");
            });
            assertThatThrownBy(() -> log.replay(entry -> {})).isInstanceOf(IncompatibleFormatException.class);
            assertExact(log.get(100), 100);
        }
        appendAndReopen(ENTRIES, goodLsns(List.of(101L)));
        handled("value with an unknown format version", Outcome.REPORTED_ON_READ);
    }

    @Test
    void aValueWithAnUnknownCodecIdIsReadRawButNotDecoded() throws Exception {
        store();
        byte[] payload = io.rockwal.events.StandardEvents.catalog()
                .encode(CorruptionFixture.eventAt(101))
                .payload();
        rewriteValue(POTS, 101, value -> value[1] = 99); // the codec id varint follows the flags byte
        recordVerify();
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            WalEntry entry = log.get(101).orElseThrow();
            assertThat(entry.codecId()).isEqualTo(99);
            assertThat(entry.payload()).isEqualTo(payload);
            assertThatThrownBy(() -> EventFactory.decode(entry))
                    .isInstanceOfSatisfying(EventCodecException.class, e -> {
                        assertThat(e.type()).isEqualTo(POTS);
                        assertThat(e.lsn()).isEqualTo(101);
                        assertThat(e.codecId()).isEqualTo(99);
                    });
            List<Long> replayed = new ArrayList<>();
            log.replay(raw -> replayed.add(raw.lsn()));
            assertThat(replayed).hasSize(ENTRIES);
        }
        appendAndReopen(ENTRIES, goodLsns(List.of(101L)));
        handled("value with an unknown codec id", Outcome.REPORTED_ON_READ);
    }

    @Test
    void garbagePayloadUnderAValidHeaderIsACodecErrorNamingTypeLsnAndCodec() throws Exception {
        store();
        byte[] garbage = new byte[40];
        new Random(3).nextBytes(garbage);
        try (RawStore raw = RawStore.open(dir)) {
            raw.put(
                    "wal:reconciliation",
                    LsnKeys.encode(99),
                    rawValue(Operation.APPEND, reconciliationCodecId(), 33, garbage));
        }
        recordVerify();
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            WalEntry entry = log.get(99).orElseThrow();
            assertThat(entry.payload()).isEqualTo(garbage);
            assertThatThrownBy(() -> EventFactory.decode(entry))
                    .isInstanceOfSatisfying(EventCodecException.class, e -> {
                        assertThat(e.type()).isEqualTo(RECONCILIATION);
                        assertThat(e.lsn()).isEqualTo(99);
                        assertThat(e.codecId()).isEqualTo(reconciliationCodecId());
                    });
        }
        appendAndReopen(ENTRIES, goodLsns(List.of(99L)));
        handled("garbage payload under a valid header", Outcome.REPORTED_ON_READ);
    }

    @Test
    void aMalformedValueHeaderIsReportedNamingColumnFamilyAndLsn() throws Exception {
        store();
        rewriteValue(POTS, 101, value -> value[0] = (byte) (value[0] & 0xf0)); // operation code 0
        recordVerify();
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            assertThatThrownBy(() -> log.get(101)).isInstanceOfSatisfying(EventLogCorruptedException.class, e -> {
                assertThat(e.columnFamily()).isEqualTo("wal:pots");
                assertThat(e.lsn()).isEqualTo(101);
            });
            List<Long> replayed = new ArrayList<>();
            assertThatThrownBy(() -> log.replay(entry -> replayed.add(entry.lsn())))
                    .isInstanceOfSatisfying(
                            EventLogCorruptedException.class,
                            e -> assertThat(e.lsn()).isEqualTo(101));
            assertThat(replayed).hasSize(100);
        }
        appendAndReopen(ENTRIES, goodLsns(List.of(101L)));
        handled("value with an operation code that does not exist", Outcome.REPORTED_ON_READ);
    }

    @Test
    void aKeyIndexEntryPointingAtAnLsnItsTypeDoesNotHoldIsReportedByFindByKey() throws Exception {
        store();
        byte[] key = IndexKeys.ofUnsignedLong(1_000_000);
        try (RawStore raw = RawStore.open(dir)) {
            raw.put(KeyIndex.COLUMN_FAMILY, KeyIndex.entry(POTS, key, 99), new byte[0]);
        }
        recordVerify();
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            assertThatThrownBy(() -> log.findByKey(POTS, key))
                    .isInstanceOfSatisfying(EventLogCorruptedException.class, e -> {
                        assertThat(e.columnFamily()).isEqualTo(KeyIndex.COLUMN_FAMILY);
                        assertThat(e.lsn()).isEqualTo(99);
                    });
            assertExact(log.findByKey(POTS, IndexKeys.ofUnsignedLong(98)).get(0), 98);
        }
        appendAndReopen(ENTRIES, ENTRIES);
        handled("key-index entry pointing at an LSN its type lacks", Outcome.REPORTED_ON_READ);
    }

    // ---------------------------------------------------------------- recovered or kept

    /**
     * The newest write-ahead log cut 1, 100 and 1,500 bytes short (a batch of 10 entries is about 2.8 KB
     * there, so every cut lands inside the last record): each opens at the last whole batch, 190.
     */
    @Test
    void aTornWalTailRecoversToTheLastWholeBatch() throws Exception {
        Path image = root.resolve("image");
        CorruptionFixture.crashImage(root.resolve("live"), image, 200, 10);
        assertThat(CorruptionFiles.files(image, "", ".sst"))
                .as("everything still in the write-ahead log")
                .isEmpty();
        for (int cut : new int[] {1, 100, 1_500}) {
            dir = root.resolve("torn-" + cut);
            CorruptionFiles.copyFiles(image, dir);
            Path wal = CorruptionFiles.newestWal(dir);
            CorruptionFiles.truncate(wal, Files.size(wal) - cut);
            recordVerify();
            try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
                assertThat(log.lastFlushedLsn())
                        .as("last whole batch after cutting %d bytes", cut)
                        .isEqualTo(190);
                assertIntact(log::get, 1, 190);
                assertThat(log.get(191)).isEmpty();
                List<Long> replayed = new ArrayList<>();
                log.replay(entry -> replayed.add(entry.lsn()));
                assertThat(replayed).hasSize(190);
            }
            appendAndReopen(190, 190);
        }
        handled("torn write-ahead-log tail", Outcome.RECOVERED);
    }

    /**
     * The power cut of issue 13: the last batch (200 entries, about 56 KB) crosses a 32 KiB block of the
     * write-ahead log; the cut keeps the log up to that block's end and garbles the kept part, so the
     * batch's first fragment is complete by its length but fails its checksum. TolerateCorruptedTailRecords
     * refuses that for good; nothing whole follows it, so the open recovers to the batch before, 190.
     */
    @Test
    void aGarbledLastBatchEndingAtAWalBlockBoundaryRecoversToTheBatchBefore() throws Exception {
        Path live = root.resolve("live");
        Path image = root.resolve("image");
        long before;
        try (RocksEventLog log = RocksEventLog.open(live, 0)) {
            CorruptionFixture.append(log, 1, 190, 10);
            before = Files.size(CorruptionFiles.newestWal(live));
            CorruptionFixture.append(log, 191, 390, 200);
            CorruptionFiles.copyFiles(live, image);
        }
        Path wal = CorruptionFiles.newestWal(image);
        long boundary = (before / WalTail.BLOCK_SIZE + 1) * WalTail.BLOCK_SIZE;
        assertThat(Files.size(wal))
                .as("the last batch crosses a block boundary")
                .isGreaterThan(boundary);
        CorruptionFiles.truncate(wal, boundary);
        CorruptionFiles.flipByte(wal, boundary - 100);
        assertThat(CorruptionFiles.potsEntriesAfterRecovery(
                        image, org.rocksdb.WALRecoveryMode.TolerateCorruptedTailRecords))
                .as("RocksDB alone")
                .contains("Corruption");
        WalTail.Damage damage = WalTail.firstDamage(image);
        assertThat(damage.isTornTail()).isTrue();
        assertThat(damage.offset())
                .as("the damaged record is the last batch's first fragment")
                .isBetween(before, boundary - 1);
        assertThat(damage.problem()).startsWith("checksum mismatch in a record of type 2 ");
        dir = image;
        recordVerify();
        reopensAt(190);
        appendAndReopen(190, 190);
        handled("garbled write-ahead-log tail ending at a block boundary", Outcome.RECOVERED);
    }

    /** The last batch complete by its length but garbled inside a block: recovered as above. */
    @Test
    void aGarbledLastBatchInsideAWalBlockRecoversToTheBatchBefore() throws Exception {
        dir = root.resolve("image");
        CorruptionFixture.crashImage(root.resolve("live"), dir, 200, 10);
        Path wal = CorruptionFiles.newestWal(dir);
        CorruptionFiles.flipByte(wal, Files.size(wal) - 50);
        recordVerify();
        reopensAt(190);
        appendAndReopen(190, 190);
        handled("garbled write-ahead-log tail inside a block", Outcome.RECOVERED);
    }

    private void reopensAt(long lastFlushed) {
        try (RocksEventLogReader reader = RocksEventLogReader.open(dir)) {
            assertThat(reader.metadata().lastFlushedLsn()).as("read-only open").isEqualTo(lastFlushed);
        }
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            assertThat(log.lastFlushedLsn()).isEqualTo(lastFlushed);
            assertIntact(log::get, 1, lastFlushed);
            assertThat(log.get(lastFlushed + 1)).isEmpty();
        }
    }

    @Test
    void anUndamagedCrashImageOpensWithEveryFlushedBatch() throws Exception {
        dir = root.resolve("image");
        CorruptionFixture.crashImage(root.resolve("live"), dir, 200, 10);
        assertThat(WalTail.firstDamage(dir))
                .as("every record of the log is whole")
                .isNull();
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            assertThat(log.lastFlushedLsn()).isEqualTo(200);
            assertIntact(log::get, 1, 200);
        }
    }

    @Test
    void aFlippedByteInTheMiddleOfTheWalIsRefusedNotSilentlyDropped() throws Exception {
        dir = root.resolve("image");
        CorruptionFixture.crashImage(root.resolve("live"), dir, 200, 10);
        Path wal = CorruptionFiles.newestWal(dir);
        CorruptionFiles.flipByte(wal, Files.size(wal) / 2);
        refusedStably(
                EventLogCorruptedException.class,
                e -> assertThat(e.getMessage())
                        .contains("checksum mismatch")
                        .contains("write-ahead log " + wal.getFileName() + " is damaged at byte offset ")
                        .contains("a whole batch follows it (" + wal.getFileName() + " offset "));
        handled("flipped byte in the middle of the write-ahead log", Outcome.REFUSED_AT_OPEN);
    }

    /**
     * Evidence for the two WAL cases above, with plain RocksDB read-only opens of the same crash images
     * (a read-only open replays the write-ahead log in memory and writes nothing): how many entries each
     * recovery mode keeps after a torn tail and after a flipped byte mid-log, or that it refuses.
     */
    @Test
    void rocksDbWalRecoveryModesOnATornTailAndAFlippedByte() throws Exception {
        Path torn = root.resolve("torn");
        Path flipped = root.resolve("flipped");
        CorruptionFixture.crashImage(root.resolve("live"), torn, 200, 10);
        CorruptionFiles.copyFiles(torn, flipped);
        Path tornWal = CorruptionFiles.newestWal(torn);
        CorruptionFiles.truncate(tornWal, Files.size(tornWal) - 100);
        Path flippedWal = CorruptionFiles.newestWal(flipped);
        CorruptionFiles.flipByte(flippedWal, Files.size(flippedWal) / 2);
        Map<String, String> found = new java.util.LinkedHashMap<>();
        for (org.rocksdb.WALRecoveryMode mode : List.of(
                org.rocksdb.WALRecoveryMode.PointInTimeRecovery,
                org.rocksdb.WALRecoveryMode.TolerateCorruptedTailRecords,
                org.rocksdb.WALRecoveryMode.AbsoluteConsistency)) {
            found.put(mode + " torn tail", CorruptionFiles.potsEntriesAfterRecovery(torn, mode));
            found.put(mode + " flipped byte", CorruptionFiles.potsEntriesAfterRecovery(flipped, mode));
        }
        found.forEach((what, result) -> System.out.println("corruption detail: RocksDB " + what + ": " + result));
        assertThat(found.get("PointInTimeRecovery torn tail")).isEqualTo(potsUpTo(190) + " entries");
        assertThat(found.get("PointInTimeRecovery flipped byte"))
                .endsWith(" entries")
                .isNotEqualTo(potsUpTo(200) + " entries");
    }

    private static String potsUpTo(long lsn) {
        long count = 0;
        for (long at = 1; at <= lsn; at++) {
            count += CorruptionFixture.typeAt(at).equals(POTS) ? 1 : 0;
        }
        return Long.toString(count);
    }

    @Test
    void aRefusedOpenLeavesEveryFileUntouched() throws Exception {
        store();
        metaPut(MetadataCodec.FORMAT_KEY, MetadataCodec.encodeFormat(MetadataCodec.STORE_FORMAT_VERSION + 1));
        Map<String, String> before = CorruptionFiles.fingerprint(dir);
        assertThatThrownBy(() -> RocksEventLog.open(dir, 0)).isInstanceOf(IncompatibleFormatException.class);
        assertThat(CorruptionFiles.changes(before, CorruptionFiles.fingerprint(dir)))
                .isEmpty();
    }

    @Test
    void aRemovedLockFileIsCreatedAgain() throws Exception {
        store();
        Files.delete(dir.resolve(StoreLock.FILE_NAME));
        recordVerify();
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            assertIntact(log::get, 1, ENTRIES);
        }
        assertThat(dir.resolve(StoreLock.FILE_NAME)).exists();
        appendAndReopen(ENTRIES, ENTRIES);
        handled("lock file removed", Outcome.RECOVERED);
    }

    @Test
    void aRemovedOptionsFileIsWrittenAgain() throws Exception {
        store();
        for (Path options : CorruptionFiles.files(dir, "OPTIONS-", "")) {
            Files.delete(options);
        }
        recordVerify();
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            assertIntact(log::get, 1, ENTRIES);
        }
        assertThat(CorruptionFiles.files(dir, "OPTIONS-", "")).isNotEmpty();
        appendAndReopen(ENTRIES, ENTRIES);
        handled("OPTIONS file removed", Outcome.RECOVERED);
    }

    @Test
    void aForeignColumnFamilyIsKeptUntouched() throws Exception {
        store();
        try (RawStore raw = RawStore.open(dir, "rockwal:from-the-future")) {
            raw.put("rockwal:from-the-future", new byte[] {1}, new byte[] {2});
        }
        recordVerify();
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            assertIntact(log::get, 1, ENTRIES);
        }
        appendAndReopen(ENTRIES, ENTRIES);
        try (RawStore raw = RawStore.open(dir)) {
            assertThat(raw.get("rockwal:from-the-future", new byte[] {1})).containsExactly(2);
        }
        handled("unknown column family (foreign name)", Outcome.KEPT);
    }

    @Test
    void anUnknownTypeColumnFamilyIsReadAsRawEntries() throws Exception {
        store();
        WalType future = WalType.of("wal:future");
        try (RawStore raw = RawStore.open(dir, future.name())) {
            raw.put(future.name(), LsnKeys.encode(99), rawValue(Operation.APPEND, 2000, 1, new byte[] {7}));
            raw.delete("wal:reconciliation", LsnKeys.encode(99));
        }
        recordVerify();
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            assertThat(log.types()).contains(future);
            WalEntry entry = log.get(99).orElseThrow();
            assertThat(entry.type()).isEqualTo(future);
            assertThat(entry.payload()).containsExactly(7);
            assertThatThrownBy(() -> EventFactory.decode(entry))
                    .isInstanceOfSatisfying(EventCodecException.class, e -> {
                        assertThat(e.type()).isEqualTo(future);
                        assertThat(e.lsn()).isEqualTo(99);
                        assertThat(e.codecId()).isEqualTo(2000);
                    });
            List<Long> replayed = new ArrayList<>();
            log.replay(raw -> replayed.add(raw.lsn()));
            assertThat(replayed).hasSize(ENTRIES);
        }
        appendAndReopen(ENTRIES, goodLsns(List.of(99L)));
        handled("unknown column family (type name the catalogue lacks)", Outcome.KEPT);
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Asserts that opening the store fails with {@code expected}, twice the same way, and that the failed
     * opens changed no table file and no key or value (RocksDB's own bookkeeping files may be rewritten:
     * a primary open writes a new MANIFEST, OPTIONS file and write-ahead log before rockwal reads its
     * metadata; see {@link #aRefusedOpenLeavesEveryFileUntouched}). The changed files are recorded.
     */
    private <E extends EventLogException> void refusedStably(Class<E> expected, Consumer<E> check) throws Exception {
        Map<String, String> before = CorruptionFiles.fingerprint(dir);
        String contentBefore = CorruptionFiles.contentDigest(dir);
        recordVerify();
        List<String> messages = new ArrayList<>();
        String[] firstMessage = new String[1];
        for (int attempt = 1; attempt <= 2; attempt++) {
            assertThatThrownBy(() -> RocksEventLog.open(dir, 0)).isInstanceOfSatisfying(expected, e -> {
                check.accept(e);
                firstMessage[0] = firstMessage[0] == null ? e.getMessage() : firstMessage[0];
                messages.add(e.getClass().getSimpleName() + describe(e));
            });
        }
        assertThat(messages.get(1)).as("the second open refuses the same way").isEqualTo(messages.get(0));
        List<String> changes = CorruptionFiles.changes(before, CorruptionFiles.fingerprint(dir));
        assertThat(changes)
                .as("files changed by a refused open (everything is decided before RocksDB writes)")
                .isEmpty();
        if (contentBefore != null) {
            assertThat(CorruptionFiles.contentDigest(dir))
                    .as("keys and values after refused opens")
                    .isEqualTo(contentBefore);
        }
        String caseName = StackWalker.getInstance()
                .walk(frames -> frames.skip(1).findFirst().orElseThrow())
                .getMethodName();
        REFUSALS.put(caseName, messages.get(0) + ": " + firstMessage[0]);
        FILE_CHANGES.put(caseName, changes);
    }

    /**
     * Cases whose store {@code rockwal verify} calls clean (exit 0): nothing wrong with the data (torn tail,
     * lock, OPTIONS, unknown column families, an unknown codec, which it notes). A damaged filter block,
     * which every read ignores, is found by the table checksum pass; a damaged key index by the index walk.
     */
    private static final java.util.Set<String> CLEAN_FOR_VERIFY = java.util.Set.of(
            "aLockFileThatIsADirectoryIsRefusedWithAnIoError",
            "aRemovedLockFileIsCreatedAgain",
            "aRemovedOptionsFileIsWrittenAgain",
            "aTornWalTailRecoversToTheLastWholeBatch",
            "aGarbledLastBatchEndingAtAWalBlockBoundaryRecoversToTheBatchBefore",
            "aGarbledLastBatchInsideAWalBlockRecoversToTheBatchBefore",
            "aForeignColumnFamilyIsKeptUntouched",
            "anUnknownTypeColumnFamilyIsReadAsRawEntries",
            "aValueWithAnUnknownCodecIdIsReadRawButNotDecoded");

    /**
     * Runs the tool's {@code verify} on the damaged store before the log opens it: exit 3 (damage found)
     * unless the case is in {@link #CLEAN_FOR_VERIFY}; recorded for the summary.
     */
    private void recordVerify() {
        String caseName = StackWalker.getInstance()
                .walk(frames -> frames.skip(1)
                        .filter(frame -> !frame.getMethodName().equals("refusedStably"))
                        .findFirst()
                        .orElseThrow())
                .getMethodName();
        io.rockwal.rocks.tool.CorruptionVerify.Result result = io.rockwal.rocks.tool.CorruptionVerify.run(dir);
        VERIFY.put(caseName, result);
        assertThat(result.status())
                .as("rockwal verify on %s: %s", caseName, result.firstLine())
                .isEqualTo(CLEAN_FOR_VERIFY.contains(caseName) ? 0 : 3);
    }

    /** Closes the log; a close that throws because RocksDB stopped writes on damage is recorded, not failed. */
    private static void closeAcceptingCorruption(RocksEventLog log) {
        try {
            log.close();
        } catch (EventLogCorruptedException e) {
            WRITES_STOPPED.add("close: " + e.getMessage());
        }
    }

    private static String describe(EventLogException e) {
        return e instanceof EventLogCorruptedException c ? " " + c.columnFamily() + " " + c.lsn() : "";
    }

    /** Appends, flushes, closes, reopens: the new entries and the old good ones read back exactly. */
    private void appendAndReopen(long lastLsn, long lastGood) {
        List<Long> good = new ArrayList<>();
        for (long lsn = 1; lsn <= lastGood; lsn++) {
            good.add(lsn);
        }
        appendAndReopen(lastLsn, good);
    }

    private void appendAndReopen(long lastLsn, List<Long> good) {
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            assertThat(log.lastLsn()).isEqualTo(lastLsn);
            CorruptionFixture.append(log, lastLsn + 1, lastLsn + APPENDED, 10);
        }
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            assertThat(log.lastFlushedLsn()).isEqualTo(lastLsn + APPENDED);
            assertIntact(log::get, lastLsn + 1, lastLsn + APPENDED);
            for (long lsn : good) {
                assertExact(log.get(lsn), lsn);
            }
        }
    }

    private static List<Long> goodLsns(List<Long> damaged) {
        List<Long> good = new ArrayList<>();
        for (long lsn = 1; lsn <= ENTRIES; lsn++) {
            if (!damaged.contains(lsn)) {
                good.add(lsn);
            }
        }
        return good;
    }

    /**
     * A stored entry value, as the store writes it. The one place this suite builds raw values, so a
     * change of the value format changes only this method.
     */
    static byte[] rawValue(Operation operation, int codecId, long ordinal, byte[] payload) {
        return EntryValues.encode(operation, codecId, 1_700_000_000_000L, ordinal, payload);
    }

    private static int reconciliationCodecId() {
        return io.rockwal.events.StandardEvents.catalog()
                .encode(CorruptionFixture.eventAt(3))
                .codecId();
    }

    /** Changes the stored value of one entry in place (its header bytes come first, see {@link EntryValues}). */
    private void rewriteValue(WalType type, long lsn, Consumer<byte[]> change) throws Exception {
        try (RawStore raw = RawStore.open(dir)) {
            byte[] value = raw.get(type.name(), LsnKeys.encode(lsn));
            assertThat(value).as("stored value at LSN %d", lsn).isNotNull();
            change.accept(value);
            raw.put(type.name(), LsnKeys.encode(lsn), value);
        }
    }

    private void metaPut(byte[] key, byte[] value) throws Exception {
        try (RawStore raw = RawStore.open(dir)) {
            raw.put(MetadataCodec.COLUMN_FAMILY, key, value);
        }
    }

    private void rewriteState(java.util.function.UnaryOperator<LsnMetadata> change) throws Exception {
        try (RawStore raw = RawStore.open(dir)) {
            LsnMetadata state =
                    MetadataCodec.decodeState(raw.get(MetadataCodec.COLUMN_FAMILY, MetadataCodec.STATE_KEY));
            LsnMetadata changed = change.apply(state);
            raw.put(
                    MetadataCodec.COLUMN_FAMILY,
                    MetadataCodec.STATE_KEY,
                    MetadataCodec.encodeState(
                            changed.lastFlushedLsn(), changed.lastUpdatedMillis(), changed.firstRetainedLsn()));
        }
    }
}
