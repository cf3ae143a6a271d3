package io.rockwal.rocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockwal.core.EventLogCorruptedException;
import io.rockwal.core.IncompatibleFormatException;
import io.rockwal.core.LsnMetadata;
import io.rockwal.core.Operation;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pins the on-disk format of the package documentation with literal bytes. */
class OnDiskFormatTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void keysAreEightByteBigEndianLsns() {
        assertThat(HEX.formatHex(LsnKeys.encode(1))).isEqualTo("0000000000000001");
        assertThat(HEX.formatHex(LsnKeys.encode(0x0102030405060708L))).isEqualTo("0102030405060708");
        assertThat(LsnKeys.decode(HEX.parseHex("00000000000f4240"), "wal:pots")).isEqualTo(1_000_000);
    }

    @Test
    void keyOrderIsLsnOrder() {
        assertThat(java.util.Arrays.compareUnsigned(LsnKeys.encode(255), LsnKeys.encode(256)))
                .isNegative();
        assertThat(java.util.Arrays.compareUnsigned(LsnKeys.encode(1L << 40), LsnKeys.encode((1L << 40) + 1)))
                .isNegative();
    }

    @Test
    void keysOfTheWrongLengthOrBelowOneAreCorruption() {
        assertThatThrownBy(() -> LsnKeys.decode(new byte[] {1, 2, 3, 4}, "wal:pots"))
                .isInstanceOfSatisfying(
                        EventLogCorruptedException.class,
                        e -> assertThat(e.columnFamily()).isEqualTo("wal:pots"));
        assertThatThrownBy(() -> LsnKeys.decode(new byte[8], "wal:pots"))
                .isInstanceOf(EventLogCorruptedException.class);
        assertThatThrownBy(() -> LsnKeys.decode(HEX.parseHex("8000000000000000"), "wal:pots"))
                .isInstanceOf(EventLogCorruptedException.class);
    }

    @Test
    void valueHoldsFlagsCodecCompactTimestampThenPayload() {
        byte[] value =
                EntryValues.encode(Operation.UPDATE, 7, 1_700_000_000_000L, 300, new byte[] {(byte) 0xaa, (byte) 0xbb});
        // 83 = version 2 in bits 7-6, compact timestamp, no ordinal, UPDATE (3); 07 codec;
        // 1c717e8000 = 122,163,200,000 ms after 2020-01-01T00:00Z; then the payload
        assertThat(HEX.formatHex(value)).isEqualTo("83071c717e8000aabb");
        assertThat(EntryValues.ordinal(42, WalType.POTS, value)).isZero();
        WalEntry entry = EntryValues.decode(42, WalType.POTS, value);
        assertThat(entry).isEqualTo(new WalEntry(42, WalType.POTS, Operation.UPDATE, 1_700_000_000_000L, 7, new byte[] {
            (byte) 0xaa, (byte) 0xbb
        }));
        assertThat(value.length - entry.payloadSize()).isEqualTo(EntryValues.TYPICAL_HEADER_BYTES);
    }

    @Test
    void everySixtyFourthEntryOfATypeStoresItsOrdinal() {
        byte[] value = EntryValues.encode(Operation.UPDATE, 7, 1_700_000_000_000L, 320, new byte[] {(byte) 0xaa});
        // 93 = 83 plus the anchor flag (bit 4); c002 = ordinal 320 as LEB128 after the timestamp
        assertThat(HEX.formatHex(value)).isEqualTo("93071c717e8000c002aa");
        assertThat(EntryValues.ordinal(42, WalType.POTS, value)).isEqualTo(320);
        assertThat(EntryValues.ordinal(42, WalType.POTS, java.util.Arrays.copyOf(value, 9)))
                .isEqualTo(320);
        assertThat(EntryValues.decode(42, WalType.POTS, value).payload()).containsExactly(0xaa);
        assertThat(EntryValues.encode(Operation.UPDATE, 7, 0, 64, new byte[0])[0] & 0x10)
                .isNotZero();
        assertThat(EntryValues.encode(Operation.UPDATE, 7, 0, 65, new byte[0])[0] & 0x10)
                .isZero();
    }

    @Test
    void everyOperationHasItsStableCode() {
        assertThat(List.of(Operation.values()).stream()
                        .map(EntryValues::operationCode)
                        .toList())
                .containsExactly((byte) 1, (byte) 2, (byte) 3, (byte) 4, (byte) 5, (byte) 6, (byte) 7, (byte) 8);
        for (Operation operation : Operation.values()) {
            byte[] value = EntryValues.encode(operation, 300, 0, 1, new byte[0]);
            assertThat(EntryValues.decode(1, WalType.POTS, value).operation()).isEqualTo(operation);
            assertThat(EntryValues.decode(1, WalType.POTS, value).codecId()).isEqualTo(300);
        }
    }

    @Test
    void largeCodecIdsLongerVarintsAndTimestampsOutsideTheCompactRangeWide() {
        byte[] value = EntryValues.encode(Operation.APPEND, 65_535, -1L, 1, new byte[] {5});
        // a1 = version 2, wide timestamp, APPEND; ffff03 = 65,535; ffffffffffffffff = -1 ms, 8 bytes
        assertThat(HEX.formatHex(value)).isEqualTo("a1ffff03ffffffffffffffff05");
        WalEntry entry = EntryValues.decode(1, WalType.POTS, value);
        assertThat(entry.codecId()).isEqualTo(65_535);
        assertThat(entry.timestampMillis()).isEqualTo(-1L);
        assertThat(entry.payload()).containsExactly(5);
        long lastCompact = EntryValues.COMPACT_EPOCH_MILLIS + EntryValues.COMPACT_RANGE_MILLIS - 1;
        for (long timestamp : new long[] {
            EntryValues.COMPACT_EPOCH_MILLIS - 1,
            EntryValues.COMPACT_EPOCH_MILLIS,
            lastCompact,
            lastCompact + 1,
            0,
            Long.MIN_VALUE,
            Long.MAX_VALUE
        }) {
            byte[] encoded = EntryValues.encode(Operation.SYNC, 1, timestamp, 1, new byte[0]);
            boolean compact = timestamp >= EntryValues.COMPACT_EPOCH_MILLIS && timestamp <= lastCompact;
            assertThat(encoded).as("timestamp %d", timestamp).hasSize(compact ? 7 : 10);
            assertThat(EntryValues.decode(1, WalType.POTS, encoded).timestampMillis())
                    .isEqualTo(timestamp);
        }
    }

    @Test
    void newerValueVersionIsIncompatibleNotCorrupt() {
        byte[] value = HEX.parseHex("c3071c717e8000");
        assertThatThrownBy(() -> EntryValues.decode(9, WalType.POTS, value))
                .isInstanceOfSatisfying(IncompatibleFormatException.class, e -> {
                    assertThat(e.foundVersion()).isEqualTo(3);
                    assertThat(e.supportedVersion()).isEqualTo(2);
                });
    }

    @Test
    void malformedValuesAreCorruptionNamingColumnFamilyAndLsn() {
        List<String> malformed = List.of(
                "", // empty
                "83", // shorter than any header
                "03071c717e8000", // version 0
                "01030780d095ffbc31", // version 1, the pre-release layout
                "89071c717e8000", // operation code 9
                "80071c717e8000", // operation code 0
                "8f071c717e8000", // operation code 15
                "83001c717e8000", // codec id 0
                "838080041c717e8000", // codec id 65536
                "83071c717e80", // value ends inside the compact timestamp
                "a307ffffffffffffff", // value ends inside the wide timestamp
                "93071c717e8000", // anchor flag, value ends before the ordinal
                "93071c717e8000c0", // value ends inside the ordinal
                "93071c717e800000", // anchor ordinal 0
                "93071c717e800041", // anchor ordinal 65, not a multiple of 64
                "93071c717e8000ffffffffffffffffffff01"); // ordinal varint over 10 bytes
        for (String hex : malformed) {
            assertThatThrownBy(() -> {
                        byte[] value = HEX.parseHex(hex);
                        EntryValues.decode(77, WalType.DATA_SYNC, value);
                        EntryValues.ordinal(77, WalType.DATA_SYNC, value);
                    })
                    .as(hex)
                    .isInstanceOfSatisfying(EventLogCorruptedException.class, e -> {
                        assertThat(e.columnFamily()).isEqualTo("wal:datasync");
                        assertThat(e.lsn()).isEqualTo(77);
                    });
        }
    }

    @Test
    void indexKeysOrderByTypeThenUnsignedKeyThenLsn() {
        WalType pots = WalType.POTS;
        byte[] entry = KeyIndex.entry(pots, new byte[] {0x00, 0x07}, 5);
        // "wal:pots" 00 | key 00 07 escaped as 00 ff 07 | 00 01 | LSN 5
        assertThat(HEX.formatHex(entry))
                .isEqualTo(HEX.formatHex("wal:pots".getBytes(java.nio.charset.StandardCharsets.US_ASCII)) + "00"
                        + "00ff07" + "0001" + "0000000000000005");
        assertThat(KeyIndex.lsn(entry)).isEqualTo(5);
        assertThat(KeyIndex.secondaryKey(pots, entry)).containsExactly(0x00, 0x07);
        List<byte[]> ordered = List.of(
                KeyIndex.entry(pots, new byte[] {}, 9),
                KeyIndex.entry(pots, new byte[] {0x00}, 1),
                KeyIndex.entry(pots, new byte[] {0x00}, 2),
                KeyIndex.entry(pots, new byte[] {0x00, 0x00}, 1),
                KeyIndex.entry(pots, new byte[] {0x01}, 1),
                KeyIndex.entry(pots, new byte[] {0x01, 0x00}, 1),
                KeyIndex.entry(pots, new byte[] {(byte) 0xff}, 1));
        for (int i = 1; i < ordered.size(); i++) {
            assertThat(java.util.Arrays.compareUnsigned(ordered.get(i - 1), ordered.get(i)))
                    .as("pair %d", i)
                    .isNegative();
        }
        byte[] key = {0x01};
        assertThat(java.util.Arrays.compareUnsigned(KeyIndex.from(pots, key), KeyIndex.entry(pots, key, 1)))
                .isNegative();
        assertThat(java.util.Arrays.compareUnsigned(
                        KeyIndex.entry(pots, key, Long.MAX_VALUE), KeyIndex.after(pots, key)))
                .isNegative();
        assertThat(java.util.Arrays.compareUnsigned(
                        KeyIndex.after(pots, key), KeyIndex.entry(pots, new byte[] {0x01, 0x00}, 1)))
                .isNegative();
        WalType longer = WalType.of("wal:pots2");
        assertThat(java.util.Arrays.compareUnsigned(
                        KeyIndex.entry(pots, new byte[] {(byte) 0xff}, 1), KeyIndex.typeEnd(pots)))
                .isNegative();
        assertThat(java.util.Arrays.compareUnsigned(KeyIndex.typeEnd(pots), KeyIndex.entry(longer, new byte[] {}, 1)))
                .isNegative();
    }

    @Test
    void metadataValuesHaveFixedBigEndianLayouts() {
        assertThat(HEX.formatHex(MetadataCodec.encodeFormat(1))).isEqualTo("00000001");
        byte[] state = MetadataCodec.encodeState(10, 0x0102, 4);
        assertThat(HEX.formatHex(state))
                .isEqualTo("000000000000000a" + "000000000000000a" + "0000000000000102" + "0000000000000004");
        assertThat(MetadataCodec.decodeState(state)).isEqualTo(new LsnMetadata(10, 10, 0x0102, 4));
        byte[] checkpoints = MetadataCodec.encodeCheckpoints(List.of(3L, 9L));
        assertThat(HEX.formatHex(checkpoints)).isEqualTo("0000000000000003" + "0000000000000009");
        assertThat(MetadataCodec.decodeCheckpoints(checkpoints, new LsnMetadata(10, 10, 0, 1)))
                .containsExactly(3L, 9L);
    }

    @Test
    void inconsistentMetadataIsCorruption() {
        assertThatThrownBy(() -> MetadataCodec.decodeState(new byte[31]))
                .isInstanceOf(EventLogCorruptedException.class);
        byte[] flushedPastCurrent = MetadataCodec.encodeState(10, 0, 1);
        flushedPastCurrent[7] = 5;
        assertThatThrownBy(() -> MetadataCodec.decodeState(flushedPastCurrent))
                .isInstanceOfSatisfying(
                        EventLogCorruptedException.class,
                        e -> assertThat(e.columnFamily()).isEqualTo("rockwal:meta"));
        LsnMetadata state = new LsnMetadata(10, 10, 0, 1);
        assertThatThrownBy(() -> MetadataCodec.decodeCheckpoints(new byte[12], state))
                .isInstanceOf(EventLogCorruptedException.class);
        assertThatThrownBy(() -> MetadataCodec.decodeCheckpoints(MetadataCodec.encodeCheckpoints(List.of(11L)), state))
                .isInstanceOf(EventLogCorruptedException.class);
        assertThatThrownBy(
                        () -> MetadataCodec.decodeCheckpoints(MetadataCodec.encodeCheckpoints(List.of(5L, 4L)), state))
                .isInstanceOf(EventLogCorruptedException.class);
    }
}
