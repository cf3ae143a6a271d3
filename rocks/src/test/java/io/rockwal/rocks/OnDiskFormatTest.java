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
        assertThat(java.util.Arrays.compareUnsigned(LsnKeys.encode(255), LsnKeys.encode(256))).isNegative();
        assertThat(java.util.Arrays.compareUnsigned(LsnKeys.encode(1L << 40), LsnKeys.encode((1L << 40) + 1))).isNegative();
    }

    @Test
    void keysOfTheWrongLengthOrBelowOneAreCorruption() {
        assertThatThrownBy(() -> LsnKeys.decode(new byte[] {1, 2, 3, 4}, "wal:pots"))
                .isInstanceOfSatisfying(EventLogCorruptedException.class,
                        e -> assertThat(e.columnFamily()).isEqualTo("wal:pots"));
        assertThatThrownBy(() -> LsnKeys.decode(new byte[8], "wal:pots"))
                .isInstanceOf(EventLogCorruptedException.class);
        assertThatThrownBy(() -> LsnKeys.decode(HEX.parseHex("8000000000000000"), "wal:pots"))
                .isInstanceOf(EventLogCorruptedException.class);
    }

    @Test
    void valueHoldsVersionOperationCodecTimestampThenPayload() {
        byte[] value = EntryValues.encode(Operation.UPDATE, 7, 1_700_000_000_000L, 300,
                new byte[] {(byte) 0xaa, (byte) 0xbb});
        // 01 version, 03 UPDATE, 07 codec, 80d095ffbc31 = 1,700,000,000,000 as LEB128, ac02 = ordinal 300,
        // then the payload
        assertThat(HEX.formatHex(value)).isEqualTo("01030780d095ffbc31ac02aabb");
        assertThat(EntryValues.ordinal(42, WalType.POTS, value)).isEqualTo(300);
        WalEntry entry = EntryValues.decode(42, WalType.POTS, value);
        assertThat(entry).isEqualTo(new WalEntry(42, WalType.POTS, Operation.UPDATE, 1_700_000_000_000L, 7,
                new byte[] {(byte) 0xaa, (byte) 0xbb}));
        assertThat(value.length - entry.payloadSize()).isEqualTo(EntryValues.TYPICAL_HEADER_BYTES + 1);
    }

    @Test
    void everyOperationHasItsStableCode() {
        assertThat(List.of(Operation.values()).stream().map(EntryValues::operationCode).toList())
                .containsExactly((byte) 1, (byte) 2, (byte) 3, (byte) 4, (byte) 5, (byte) 6, (byte) 7, (byte) 8);
        for (Operation operation : Operation.values()) {
            byte[] value = EntryValues.encode(operation, 300, 0, 1, new byte[0]);
            assertThat(EntryValues.decode(1, WalType.POTS, value).operation()).isEqualTo(operation);
            assertThat(EntryValues.decode(1, WalType.POTS, value).codecId()).isEqualTo(300);
        }
    }

    @Test
    void largeCodecIdsAndTimestampsUseLongerVarints() {
        byte[] value = EntryValues.encode(Operation.APPEND, 65_535, -1L, 1, new byte[] {5});
        assertThat(HEX.formatHex(value)).isEqualTo("0101ffff03ffffffffffffffffff010105");
        WalEntry entry = EntryValues.decode(1, WalType.POTS, value);
        assertThat(entry.codecId()).isEqualTo(65_535);
        assertThat(entry.timestampMillis()).isEqualTo(-1L);
        assertThat(entry.payload()).containsExactly(5);
    }

    @Test
    void newerValueVersionIsIncompatibleNotCorrupt() {
        byte[] value = HEX.parseHex("020307010100");
        assertThatThrownBy(() -> EntryValues.decode(9, WalType.POTS, value))
                .isInstanceOfSatisfying(IncompatibleFormatException.class, e -> {
                    assertThat(e.foundVersion()).isEqualTo(2);
                    assertThat(e.supportedVersion()).isEqualTo(1);
                });
    }

    @Test
    void malformedValuesAreCorruptionNamingColumnFamilyAndLsn() {
        List<String> malformed = List.of(
                "",                       // empty
                "0103",                   // shorter than any header
                "000307010100",           // version 0
                "010907010100",           // operation code 9
                "010007010100",           // operation code 0
                "010300010100",           // codec id 0
                "01038080040101",         // codec id 65536
                "01030780808080",         // value ends inside the timestamp
                "0103070180",             // value ends inside the ordinal
                "0103070100",             // ordinal 0
                "010307ffffffffffffffffffff0101"); // timestamp varint over 10 bytes
        for (String hex : malformed) {
            assertThatThrownBy(() -> EntryValues.decode(77, WalType.DATA_SYNC, HEX.parseHex(hex)))
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
        assertThat(HEX.formatHex(entry)).isEqualTo(HEX.formatHex("wal:pots".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                + "00" + "00ff07" + "0001" + "0000000000000005");
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
            assertThat(java.util.Arrays.compareUnsigned(ordered.get(i - 1), ordered.get(i))).as("pair %d", i).isNegative();
        }
        byte[] key = {0x01};
        assertThat(java.util.Arrays.compareUnsigned(KeyIndex.from(pots, key), KeyIndex.entry(pots, key, 1))).isNegative();
        assertThat(java.util.Arrays.compareUnsigned(KeyIndex.entry(pots, key, Long.MAX_VALUE), KeyIndex.after(pots, key)))
                .isNegative();
        assertThat(java.util.Arrays.compareUnsigned(KeyIndex.after(pots, key), KeyIndex.entry(pots, new byte[] {0x01, 0x00}, 1)))
                .isNegative();
        WalType longer = WalType.of("wal:pots2");
        assertThat(java.util.Arrays.compareUnsigned(KeyIndex.entry(pots, new byte[] {(byte) 0xff}, 1), KeyIndex.typeEnd(pots)))
                .isNegative();
        assertThat(java.util.Arrays.compareUnsigned(KeyIndex.typeEnd(pots), KeyIndex.entry(longer, new byte[] {}, 1)))
                .isNegative();
    }

    @Test
    void metadataValuesHaveFixedBigEndianLayouts() {
        assertThat(HEX.formatHex(MetadataCodec.encodeFormat(1))).isEqualTo("00000001");
        byte[] state = MetadataCodec.encodeState(new LsnMetadata(10, 10, 0x0102, 4));
        assertThat(HEX.formatHex(state)).isEqualTo(
                "000000000000000a" + "000000000000000a" + "0000000000000102" + "0000000000000004");
        assertThat(MetadataCodec.decodeState(state)).isEqualTo(new LsnMetadata(10, 10, 0x0102, 4));
        byte[] checkpoints = MetadataCodec.encodeCheckpoints(List.of(3L, 9L));
        assertThat(HEX.formatHex(checkpoints)).isEqualTo("0000000000000003" + "0000000000000009");
        assertThat(MetadataCodec.decodeCheckpoints(checkpoints, new LsnMetadata(10, 10, 0, 1))).containsExactly(3L, 9L);
    }

    @Test
    void inconsistentMetadataIsCorruption() {
        assertThatThrownBy(() -> MetadataCodec.decodeState(new byte[31])).isInstanceOf(EventLogCorruptedException.class);
        byte[] flushedPastCurrent = MetadataCodec.encodeState(new LsnMetadata(10, 10, 0, 1));
        flushedPastCurrent[7] = 5;
        assertThatThrownBy(() -> MetadataCodec.decodeState(flushedPastCurrent))
                .isInstanceOfSatisfying(EventLogCorruptedException.class,
                        e -> assertThat(e.columnFamily()).isEqualTo("rockwal:meta"));
        LsnMetadata state = new LsnMetadata(10, 10, 0, 1);
        assertThatThrownBy(() -> MetadataCodec.decodeCheckpoints(new byte[12], state))
                .isInstanceOf(EventLogCorruptedException.class);
        assertThatThrownBy(() -> MetadataCodec.decodeCheckpoints(MetadataCodec.encodeCheckpoints(List.of(11L)), state))
                .isInstanceOf(EventLogCorruptedException.class);
        assertThatThrownBy(() -> MetadataCodec.decodeCheckpoints(MetadataCodec.encodeCheckpoints(List.of(5L, 4L)), state))
                .isInstanceOf(EventLogCorruptedException.class);
    }
}
