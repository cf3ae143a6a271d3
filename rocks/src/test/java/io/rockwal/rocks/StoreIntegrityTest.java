package io.rockwal.rocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockwal.core.EventCatalog;
import io.rockwal.core.EventCodecException;
import io.rockwal.core.EventLogCorruptedException;
import io.rockwal.core.IncompatibleFormatException;
import io.rockwal.core.Operation;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import io.rockwal.events.EventFactory;
import io.rockwal.events.PoTSBlockEvent;
import io.rockwal.events.StandardEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a store reacts to data it did not write itself: damage is reported with column family and LSN
 * and never read back as valid data; unknown but well-formed data is kept.
 */
class StoreIntegrityTest {

    @TempDir
    Path dir;

    private static PoTSBlockEvent block(long number) {
        return new PoTSBlockEvent(Operation.APPEND, number, new byte[] {(byte) number, 1, 2}, number);
    }

    private void writeBlocks(int count) {
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            for (int i = 1; i <= count; i++) {
                log.write(block(i));
            }
        }
    }

    private static List<Long> replayedLsns(RocksEventLog log) {
        List<Long> lsns = new ArrayList<>();
        log.replay(entry -> lsns.add(entry.lsn()));
        return lsns;
    }

    @Test
    void newerStoreFormatIsRefusedUntouchedAndTheDirectoryIsReleased() throws Exception {
        writeBlocks(3);
        try (RawStore raw = RawStore.open(dir)) {
            raw.put(MetadataCodec.COLUMN_FAMILY, MetadataCodec.FORMAT_KEY, MetadataCodec.encodeFormat(3));
        }
        assertThatThrownBy(() -> RocksEventLog.open(dir, 0))
                .isInstanceOfSatisfying(IncompatibleFormatException.class, e -> {
                    assertThat(e.foundVersion()).isEqualTo(3);
                    assertThat(e.supportedVersion()).isEqualTo(2);
                });
        try (RawStore raw = RawStore.open(dir)) {
            assertThat(raw.get("wal:pots", LsnKeys.encode(3))).isNotNull();
            raw.put(
                    MetadataCodec.COLUMN_FAMILY,
                    MetadataCodec.FORMAT_KEY,
                    MetadataCodec.encodeFormat(MetadataCodec.STORE_FORMAT_VERSION));
        }
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            assertThat(replayedLsns(log)).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void anEntryBeyondTheLastFlushedLsnIsReportedAtOpen() throws Exception {
        writeBlocks(3);
        try (RawStore raw = RawStore.open(dir)) {
            raw.put("wal:datasync", LsnKeys.encode(4), EntryValues.encode(Operation.SYNC, 4, 0, 1, new byte[0]));
        }
        assertThatThrownBy(() -> RocksEventLog.open(dir, 0))
                .isInstanceOfSatisfying(EventLogCorruptedException.class, e -> {
                    assertThat(e.columnFamily()).isEqualTo("wal:datasync");
                    assertThat(e.lsn()).isEqualTo(4);
                });
    }

    @Test
    void aMissingLastEntryIsReportedAtOpen() throws Exception {
        writeBlocks(3);
        try (RawStore raw = RawStore.open(dir)) {
            raw.delete("wal:pots", LsnKeys.encode(3));
        }
        assertThatThrownBy(() -> RocksEventLog.open(dir, 0))
                .isInstanceOfSatisfying(
                        EventLogCorruptedException.class,
                        e -> assertThat(e.lsn()).isEqualTo(3));
    }

    @Test
    void aHoleInTheMiddleIsReportedByReplayAndGet() throws Exception {
        writeBlocks(9);
        try (RawStore raw = RawStore.open(dir)) {
            raw.delete("wal:pots", LsnKeys.encode(5));
        }
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            assertThatThrownBy(() -> log.replay(entry -> {}))
                    .isInstanceOfSatisfying(
                            EventLogCorruptedException.class,
                            e -> assertThat(e.lsn()).isEqualTo(6));
            assertThatThrownBy(() -> log.get(5))
                    .isInstanceOfSatisfying(
                            EventLogCorruptedException.class,
                            e -> assertThat(e.lsn()).isEqualTo(5));
            assertThat(log.get(6)).isPresent();
        }
    }

    @Test
    void anLsnStoredUnderTwoTypesIsReportedByReplay() throws Exception {
        writeBlocks(4);
        try (RawStore raw = RawStore.open(dir)) {
            raw.put("wal:headersync", LsnKeys.encode(2), EntryValues.encode(Operation.SYNC, 1, 0, 1, new byte[0]));
        }
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            assertThatThrownBy(() -> log.replay(entry -> {}))
                    .isInstanceOfSatisfying(
                            EventLogCorruptedException.class,
                            e -> assertThat(e.lsn()).isEqualTo(2));
        }
    }

    @Test
    void aPreReleaseFormatOneStoreIsRefusedNamingBothVersions() throws Exception {
        writeBlocks(2);
        try (RawStore raw = RawStore.open(dir)) {
            raw.put(MetadataCodec.COLUMN_FAMILY, MetadataCodec.FORMAT_KEY, MetadataCodec.encodeFormat(1));
        }
        assertThatThrownBy(() -> RocksEventLog.open(dir, 0))
                .isInstanceOfSatisfying(IncompatibleFormatException.class, e -> {
                    assertThat(e.foundVersion()).isEqualTo(1);
                    assertThat(e.supportedVersion()).isEqualTo(2);
                    assertThat(e).hasMessageContaining("no longer reads");
                });
    }

    @Test
    void aKeyOfTheWrongLengthIsReportedWithItsColumnFamily() throws Exception {
        writeBlocks(4);
        byte[] nineBytes = {0, 0, 0, 0, 0, 0, 0, 2, 9};
        try (RawStore raw = RawStore.open(dir)) {
            raw.put("wal:pots", nineBytes, EntryValues.encode(Operation.SYNC, 8, 0, 1, new byte[0]));
        }
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            assertThatThrownBy(() -> log.replay(entry -> {}))
                    .isInstanceOfSatisfying(EventLogCorruptedException.class, e -> {
                        assertThat(e.columnFamily()).isEqualTo("wal:pots");
                        assertThat(e.key()).isEqualTo(nineBytes);
                    });
            assertThat(log.get(3)).isPresent();
        }
    }

    @Test
    void aKeyOfTheWrongLengthAtTheEndOfATypeIsReportedAtOpen() throws Exception {
        writeBlocks(4);
        try (RawStore raw = RawStore.open(dir)) {
            raw.put(
                    "wal:accountsync",
                    new byte[] {0, 0, 0, 0, 0, 0, 0, 2, 9},
                    EntryValues.encode(Operation.SYNC, 5, 0, 1, new byte[0]));
        }
        assertThatThrownBy(() -> RocksEventLog.open(dir, 0))
                .isInstanceOfSatisfying(
                        EventLogCorruptedException.class,
                        e -> assertThat(e.columnFamily()).isEqualTo("wal:accountsync"));
    }

    @Test
    void aMalformedValueIsReportedWithColumnFamilyAndLsnAndOthersStayReadable() throws Exception {
        writeBlocks(4);
        try (RawStore raw = RawStore.open(dir)) {
            raw.put("wal:pots", LsnKeys.encode(2), new byte[] {1, 42, 8, 0});
        }
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            assertThatThrownBy(() -> log.get(2)).isInstanceOfSatisfying(EventLogCorruptedException.class, e -> {
                assertThat(e.columnFamily()).isEqualTo("wal:pots");
                assertThat(e.lsn()).isEqualTo(2);
            });
            assertThat(EventFactory.decode(log.get(3).orElseThrow())).isEqualTo(block(3));
        }
    }

    @Test
    void garbagePayloadIsACodecErrorNamingTypeAndLsnWhileTheEntryStaysReadable() throws Exception {
        writeBlocks(2);
        try (RawStore raw = RawStore.open(dir)) {
            raw.put("wal:pots", LsnKeys.encode(1), EntryValues.encode(Operation.APPEND, 8, 0, 1, new byte[] {9, 9, 9}));
        }
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            WalEntry entry = log.get(1).orElseThrow();
            assertThat(entry.payload()).containsExactly(9, 9, 9);
            assertThatThrownBy(() -> EventFactory.decode(entry))
                    .isInstanceOfSatisfying(EventCodecException.class, e -> {
                        assertThat(e.lsn()).isEqualTo(1);
                        assertThat(e.type()).isEqualTo(WalType.POTS);
                    });
        }
    }

    @Test
    void aDirectoryWithRocksDbFilesButNoCurrentIsRefusedNotRecreated() throws Exception {
        writeBlocks(3);
        Files.delete(dir.resolve("CURRENT"));
        assertThatThrownBy(() -> RocksEventLog.open(dir, 0)).isInstanceOf(EventLogCorruptedException.class);
        assertThat(Files.exists(dir.resolve("CURRENT"))).isFalse();
    }

    @Test
    void entriesWithoutMetadataAreRefused() throws Exception {
        writeBlocks(3);
        try (RawStore raw = RawStore.open(dir)) {
            raw.delete(MetadataCodec.COLUMN_FAMILY, MetadataCodec.FORMAT_KEY);
        }
        assertThatThrownBy(() -> RocksEventLog.open(dir, 0))
                .isInstanceOfSatisfying(
                        EventLogCorruptedException.class,
                        e -> assertThat(e.columnFamily()).isEqualTo("wal:pots"));
    }

    @Test
    void aTypeTheCatalogueDoesNotKnowIsKeptReadableAsRawEntriesAndTruncated() {
        EventCatalog withNotes =
                StandardEvents.catalog().toBuilder().add(new NoteEvent.Codec()).build();
        RocksEventLogOptions notesOptions =
                RocksEventLogOptions.builder().catalog(withNotes).build();
        try (RocksEventLog log = RocksEventLog.open(dir, notesOptions)) {
            log.write(block(1));
            log.write(new NoteEvent("hello"));
            log.write(block(3));
            log.write(new NoteEvent("world"));
        }
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            assertThat(log.types()).contains(NoteEvent.TYPE);
            assertThat(replayedLsns(log)).containsExactly(1L, 2L, 3L, 4L);
            WalEntry note = log.get(2).orElseThrow();
            assertThat(note.type()).isEqualTo(NoteEvent.TYPE);
            assertThat(note.codecId()).isEqualTo(1000);
            assertThat(new String(note.payload(), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo("hello");
            assertThatThrownBy(() -> EventFactory.decode(note)).isInstanceOfSatisfying(EventCodecException.class, e -> {
                assertThat(e.type()).isEqualTo(NoteEvent.TYPE);
                assertThat(e.lsn()).isEqualTo(2);
                assertThat(e.codecId()).isEqualTo(1000);
            });
            log.truncateBefore(3);
        }
        try (RocksEventLog log = RocksEventLog.open(dir, notesOptions)) {
            assertThat(log.get(2)).isEmpty();
            assertThat(EventFactory.decode(log.get(4).orElseThrow(), withNotes)).isEqualTo(new NoteEvent("world"));
        }
    }

    @Test
    void aForeignColumnFamilyIsLeftUntouched() throws Exception {
        writeBlocks(2);
        try (RawStore raw = RawStore.open(dir, "rockwal:from-the-future")) {
            raw.put("rockwal:from-the-future", new byte[] {1}, new byte[] {2});
        }
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            assertThat(replayedLsns(log)).containsExactly(1L, 2L);
            log.write(block(3));
            log.truncateBefore(3);
        }
        try (RawStore raw = RawStore.open(dir)) {
            assertThat(raw.get("rockwal:from-the-future", new byte[] {1})).containsExactly(2);
        }
    }

    @Test
    void truncationGivesTheDiskSpaceBackInTheBackground() throws Exception {
        byte[] payload = new byte[2048];
        new java.util.Random(7).nextBytes(payload);
        try (RocksEventLog log = RocksEventLog.open(
                dir, RocksEventLogOptions.builder().syncOnFlush(false).build())) {
            for (int i = 1; i <= 20_000; i++) {
                log.write(new PoTSBlockEvent(Operation.APPEND, i, payload, i));
            }
        }
        long before = sstBytes();
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            log.truncateBefore(19_000);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (sstBytes() > before / 4 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(sstBytes())
                    .as("SST bytes after truncating 95%% of %d", before)
                    .isLessThan(before / 4);
            assertThat(log.get(19_000)).isPresent();
        }
    }

    private long sstBytes() throws java.io.IOException {
        try (var files = Files.list(dir)) {
            return files.filter(file -> file.toString().endsWith(".sst"))
                    .mapToLong(file -> file.toFile().length())
                    .sum();
        }
    }
}
