package io.rockwal.rocks;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.rockwal.core.EventCodecException;
import io.rockwal.core.EventLogCorruptedException;
import io.rockwal.core.IncompatibleFormatException;
import io.rockwal.core.LsnMetadata;
import io.rockwal.core.Operation;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import io.rockwal.events.EventFactory;
import io.rockwal.events.PoTSBlockEvent;
import io.rockwal.testkit.DecoderContract;
import io.rockwal.testkit.FuzzTally;
import io.rockwal.testkit.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rocksdb.RocksDBException;

/**
 * Fuzz targets for every decoder of stored bytes in the store: entry values, metadata, key-index keys,
 * entry keys, and a store whose stored bytes were replaced by arbitrary ones, read back through
 * {@link RocksEventLogReader}. Each target checks the {@link DecoderContract}, and where a decode
 * succeeds, that encoding the result again and decoding that gives the same result.
 *
 * <p>In the default build Jazzer replays the checked-in corpus, {@code DecoderFuzzTestInputs/<method>/}
 * under this package's test resources, plus the empty input; with the {@code fuzz} profile it fuzzes
 * each target for {@code fuzz.seconds} (see the profile in this module's pom).
 */
class DecoderFuzzTest {

    private static final long LSN = 42;
    private static final WalType TYPE = WalType.POTS;
    private static final String POTS_COLUMN_FAMILY = "wal:pots";

    /** What the store-level target damages: the values of LSNs 1 to 3, all PoTS blocks. */
    private static final int STORED_ENTRIES = 3;

    @RegisterExtension
    static final FuzzTally TALLY = new FuzzTally("rocks");

    private static Path storeDir;
    private static byte[][] storedValues;

    @BeforeAll
    static void createStore() throws IOException, RocksDBException {
        storeDir = Files.createTempDirectory("rockwal-fuzz-store");
        try (RocksEventLog log = RocksEventLog.open(storeDir, 100)) {
            for (int block = 1; block <= STORED_ENTRIES; block++) {
                log.write(new PoTSBlockEvent(Operation.APPEND, block, new byte[] {(byte) block}, 1000 + block));
            }
            log.flush();
        }
        storedValues = new byte[STORED_ENTRIES + 1][];
        try (RawStore raw = RawStore.open(storeDir)) {
            for (int lsn = 1; lsn <= STORED_ENTRIES; lsn++) {
                storedValues[lsn] = raw.get(POTS_COLUMN_FAMILY, LsnKeys.encode(lsn));
            }
        }
    }

    @AfterAll
    static void deleteStore() throws IOException {
        if (storeDir != null) {
            TestFiles.deleteRecursively(storeDir);
        }
    }

    @Timeout(10)
    @FuzzTest
    void entryValuesDecodeReturnsAnEntryOrRefusesTheValueAsCorrupted(byte[] value) {
        TALLY.executed("entryValuesDecode");
        WalEntry entry = DecoderContract.decode(
                "EntryValues.decode",
                value,
                () -> EntryValues.decode(LSN, TYPE, value),
                EventLogCorruptedException.class,
                IncompatibleFormatException.class);
        if (entry == null) {
            return;
        }
        long ordinal = EntryValues.ordinal(LSN, TYPE, value);
        assertThat(entry.lsn()).isEqualTo(LSN);
        assertThat(entry.payloadSize()).isLessThanOrEqualTo(value.length);
        byte[] again = encodeValue(entry, ordinal);
        assertThat(EntryValues.decode(LSN, TYPE, again)).isEqualTo(entry);
        assertThat(EntryValues.ordinal(LSN, TYPE, again)).isEqualTo(ordinal);
    }

    @Timeout(10)
    @FuzzTest
    void entryValuesOrdinalReturnsAnOrdinalOrRefusesTheValueAsCorrupted(byte[] value) {
        TALLY.executed("entryValuesOrdinal");
        Long ordinal = DecoderContract.decode(
                "EntryValues.ordinal",
                value,
                () -> EntryValues.ordinal(LSN, TYPE, value),
                EventLogCorruptedException.class,
                IncompatibleFormatException.class);
        WalEntry entry = DecoderContract.decode(
                "EntryValues.decode",
                value,
                () -> EntryValues.decode(LSN, TYPE, value),
                EventLogCorruptedException.class,
                IncompatibleFormatException.class);
        if (entry != null) {
            assertThat(ordinal).as("ordinal of a value that decodes").isNotNull();
        }
    }

    /** Byte 0 picks the decoder (format, state, checkpoints); the rest is the value. */
    @Timeout(10)
    @FuzzTest
    void metadataDecodersReturnOrRefuseTheValueAsCorrupted(byte[] input) {
        TALLY.executed("metadata");
        if (input.length == 0) {
            return;
        }
        byte[] value = Arrays.copyOfRange(input, 1, input.length);
        switch (Math.floorMod(input[0], 3)) {
            case 0 -> {
                Integer version = DecoderContract.decode(
                        "MetadataCodec.decodeFormat",
                        value,
                        () -> MetadataCodec.decodeFormat(value),
                        EventLogCorruptedException.class);
                if (version != null) {
                    assertThat(MetadataCodec.encodeFormat(version)).isEqualTo(value);
                }
            }
            case 1 -> {
                LsnMetadata state = DecoderContract.decode(
                        "MetadataCodec.decodeState",
                        value,
                        () -> MetadataCodec.decodeState(value),
                        EventLogCorruptedException.class);
                if (state != null) {
                    // the stored last LSN is redundant (it is written as the last flushed LSN) and not kept
                    byte[] normalised = value.clone();
                    System.arraycopy(value, 8, normalised, 0, 8);
                    assertThat(MetadataCodec.encodeState(
                                    state.lastFlushedLsn(), state.lastUpdatedMillis(), state.firstRetainedLsn()))
                            .isEqualTo(normalised);
                }
            }
            default -> {
                LsnMetadata state = new LsnMetadata(1L << 40, 1L << 39, 0, 1);
                List<Long> checkpoints = DecoderContract.decode(
                        "MetadataCodec.decodeCheckpoints",
                        value,
                        () -> MetadataCodec.decodeCheckpoints(value, state),
                        EventLogCorruptedException.class);
                if (checkpoints != null) {
                    assertThat(MetadataCodec.encodeCheckpoints(checkpoints)).isEqualTo(value);
                }
            }
        }
    }

    @Timeout(10)
    @FuzzTest
    void keyIndexDecodersReturnOrRefuseTheIndexKeyAsCorrupted(byte[] indexKey) {
        TALLY.executed("keyIndex");
        Long lsn = DecoderContract.decode(
                "KeyIndex.lsn", indexKey, () -> KeyIndex.lsn(indexKey), EventLogCorruptedException.class);
        byte[] secondaryKey = DecoderContract.decode(
                "KeyIndex.secondaryKey",
                indexKey,
                () -> KeyIndex.secondaryKey(TYPE, indexKey),
                EventLogCorruptedException.class);
        if (lsn != null && secondaryKey != null) {
            assertThat(KeyIndex.entry(TYPE, secondaryKey, lsn)).isEqualTo(indexKey);
        }
    }

    @Timeout(10)
    @FuzzTest
    void lsnKeysDecodeReturnsAnLsnOrRefusesTheKeyAsCorrupted(byte[] key) {
        TALLY.executed("lsnKeys");
        Long lsn = DecoderContract.decode(
                "LsnKeys.decode", key, () -> LsnKeys.decode(key, POTS_COLUMN_FAMILY), EventLogCorruptedException.class);
        if (lsn != null) {
            assertThat(lsn).isPositive();
            assertThat(LsnKeys.encode(lsn)).isEqualTo(key);
        }
    }

    /**
     * Byte 0 picks what the rest of the input replaces in a store of three PoTS entries: the value of
     * LSN 2 (read by get and replay), the value of LSN 3 (the newest, read when the store opens), or a
     * key of its own in the PoTS column family (with a valid value). The store is restored afterwards.
     */
    @Timeout(60)
    @FuzzTest
    void readerReturnsEntriesOrRefusesDamagedStoredBytesAsCorrupted(byte[] input) throws RocksDBException {
        TALLY.executed("storeReader");
        if (input.length == 0) {
            return;
        }
        byte[] bytes = Arrays.copyOfRange(input, 1, input.length);
        int mode = Math.floorMod(input[0], 3);
        try (RawStore raw = RawStore.open(storeDir)) {
            switch (mode) {
                case 0 -> raw.put(POTS_COLUMN_FAMILY, LsnKeys.encode(2), bytes);
                case 1 -> raw.put(POTS_COLUMN_FAMILY, LsnKeys.encode(3), bytes);
                default -> raw.put(POTS_COLUMN_FAMILY, bytes, storedValues[2]);
            }
        }
        try {
            readEverything(input);
        } finally {
            try (RawStore raw = RawStore.open(storeDir)) {
                if (mode == 2) {
                    raw.delete(POTS_COLUMN_FAMILY, bytes);
                }
                for (int lsn = 1; lsn <= STORED_ENTRIES; lsn++) {
                    raw.put(POTS_COLUMN_FAMILY, LsnKeys.encode(lsn), storedValues[lsn]);
                }
            }
        }
    }

    private static void readEverything(byte[] input) {
        RocksEventLogReader reader = DecoderContract.decodeUnbounded(
                "RocksEventLogReader.open",
                input,
                () -> RocksEventLogReader.open(storeDir),
                EventLogCorruptedException.class,
                IncompatibleFormatException.class);
        if (reader == null) {
            return;
        }
        try (reader) {
            for (long lsn = 1; lsn <= STORED_ENTRIES; lsn++) {
                long at = lsn;
                var entry = DecoderContract.decode(
                        "RocksEventLogReader.get(" + at + ")",
                        input,
                        () -> reader.get(at),
                        EventLogCorruptedException.class,
                        IncompatibleFormatException.class);
                if (entry != null && entry.isPresent()) {
                    DecoderContract.decode(
                            "EventFactory.decode",
                            input,
                            () -> EventFactory.decode(entry.get()),
                            EventCodecException.class);
                }
            }
            DecoderContract.decode(
                    "RocksEventLogReader.last",
                    input,
                    () -> reader.last(TYPE),
                    EventLogCorruptedException.class,
                    IncompatibleFormatException.class);
            DecoderContract.decode(
                    "RocksEventLogReader.count",
                    input,
                    () -> reader.count(TYPE),
                    EventLogCorruptedException.class,
                    IncompatibleFormatException.class);
            List<Long> replayed = new ArrayList<>();
            DecoderContract.decode(
                    "RocksEventLogReader.replay",
                    input,
                    () -> {
                        reader.replay(entry -> replayed.add(entry.lsn()));
                        return replayed;
                    },
                    EventLogCorruptedException.class,
                    IncompatibleFormatException.class);
        }
    }

    /**
     * The value EntryValues writes for {@code entry} at {@code ordinal}: the one place this test builds a
     * raw value, for the coordinator to adapt when the value format changes.
     */
    private static byte[] encodeValue(WalEntry entry, long ordinal) {
        return EntryValues.encode(
                entry.operation(), entry.codecId(), entry.timestampMillis(), ordinal, entry.payload());
    }
}
