package io.rockwal.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockwal.core.Event;
import io.rockwal.core.EventCodec;
import io.rockwal.core.EventCodecException;
import io.rockwal.core.EventLog;
import io.rockwal.core.Operation;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import io.rockwal.events.proto.MerkleMessage;
import io.rockwal.events.proto.MerkleSnapshot;
import io.rockwal.events.proto.SnapshotNode;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MalformedPayloadTest {

    private static final long LSN = 4_711;

    static Stream<Event> oneOfEach() {
        return EventFixtures.oneOfEach().stream();
    }

    static Stream<Event> kryoEvents() {
        return oneOfEach()
                .filter(event -> event instanceof ReconciliationEvent
                        || event instanceof ReconciliationBatchEvent
                        || event instanceof PoTSBlockEvent);
    }

    /** Asserts that decoding fails with a codec exception naming the entry's type, LSN and codec id. */
    private static void assertDecodeFails(WalEntry entry) {
        ThrowingCallable decode = () -> EventFactory.decode(entry);
        assertThatThrownBy(decode).isInstanceOfSatisfying(EventCodecException.class, e -> {
            assertThat(e.type()).isEqualTo(entry.type());
            assertThat(e.lsn()).isEqualTo(entry.lsn());
            assertThat(e.codecId()).isEqualTo(entry.codecId());
        });
    }

    private static byte[] concat(byte[] first, int... more) {
        byte[] bytes = Arrays.copyOf(first, first.length + more.length);
        for (int i = 0; i < more.length; i++) {
            bytes[first.length + i] = (byte) more[i];
        }
        return bytes;
    }

    private static byte[] bytes(int... values) {
        return concat(new byte[0], values);
    }

    @ParameterizedTest
    @MethodSource("oneOfEach")
    void decodeRejectsGarbage(Event event) {
        WalEntry entry = EventFixtures.stored(event, LSN);
        byte[] garbage = new byte[24];
        Arrays.fill(garbage, (byte) 0xff);

        assertDecodeFails(EventFixtures.withPayload(entry, garbage));
    }

    @ParameterizedTest
    @MethodSource("oneOfEach")
    void decodeRejectsPayloadMissingItsLastByte(Event event) {
        WalEntry entry = EventFixtures.stored(event, LSN);

        assertDecodeFails(EventFixtures.withPayload(entry, Arrays.copyOf(entry.payload(), entry.payloadSize() - 1)));
    }

    @ParameterizedTest
    @MethodSource("kryoEvents")
    void decodeRejectsEveryTruncationOfAKryoRecord(Event event) {
        WalEntry entry = EventFixtures.stored(event, LSN);

        for (int length = 0; length < entry.payloadSize(); length++) {
            assertDecodeFails(EventFixtures.withPayload(entry, Arrays.copyOf(entry.payload(), length)));
        }
    }

    @ParameterizedTest
    @MethodSource("oneOfEach")
    void decodeRejectsTrailingBytes(Event event) {
        WalEntry entry = EventFixtures.stored(event, LSN);

        assertDecodeFails(EventFixtures.withPayload(entry, concat(entry.payload(), 0)));
    }

    @ParameterizedTest
    @MethodSource("kryoEvents")
    void decodeRejectsUnknownFormatVersion(Event event) {
        WalEntry entry = EventFixtures.stored(event, LSN);
        byte[] payload = entry.payload();
        payload[0] = 2;

        assertDecodeFails(EventFixtures.withPayload(entry, payload));
    }

    @Test
    void decodeRejectsStringLengthBeyondTheRemainingBytes() {
        WalEntry entry = EventFixtures.stored(EventFixtures.reconciliation(), LSN);
        // version 1, then an address claiming 2^31 - 1 bytes (varint ff ff ff ff 07)
        assertDecodeFails(EventFixtures.withPayload(entry, bytes(1, 0xff, 0xff, 0xff, 0xff, 0x07, 'a', 'b')));
        // a five-byte varint whose top bits make the length negative
        assertDecodeFails(EventFixtures.withPayload(entry, bytes(1, 0xff, 0xff, 0xff, 0xff, 0x7f, 'a')));
    }

    @Test
    void decodeRejectsAccountCountBeyondTheRemainingBytes() {
        WalEntry entry = EventFixtures.stored(EventFixtures.reconciliationBatch(1), LSN);
        // version 1, timestamp 0, then 2^28 accounts in 6 bytes
        assertDecodeFails(EventFixtures.withPayload(entry, bytes(1, 0, 0x80, 0x80, 0x80, 0x80, 0x01, 0, 0, 0)));
        // a count of 4 needs at least 12 bytes, 11 are left
        assertDecodeFails(EventFixtures.withPayload(entry, bytes(1, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)));
    }

    @Test
    void decodeRejectsBlockDataLengthBeyondTheRemainingBytes() {
        WalEntry entry = EventFixtures.stored(EventFixtures.potsBlock(), LSN);
        // version 1, block 5, timestamp 6, then 64 MiB + 1 bytes of data announced
        int length = EventLog.MAX_PAYLOAD_BYTES + 1;
        assertDecodeFails(EventFixtures.withPayload(
                entry,
                bytes(
                        1,
                        5,
                        6,
                        0x80 | (length & 0x7f),
                        0x80 | (length >>> 7 & 0x7f),
                        0x80 | (length >>> 14 & 0x7f),
                        length >>> 21,
                        'x')));
    }

    @Test
    void decodeRejectsMalformedUtf8() {
        WalEntry entry = EventFixtures.stored(EventFixtures.reconciliation(), LSN);
        // address "(" preceded by a lead byte without its continuation
        assertDecodeFails(EventFixtures.withPayload(entry, bytes(1, 2, 0xc3, 0x28, 0, 0, 0, 0)));
    }

    @Test
    void decodeRejectsProtobufLengthBeyondTheRemainingBytes() {
        WalEntry entry = EventFixtures.stored(EventFixtures.headerSync(), LSN);
        // field 1, length-delimited, 2^31 - 1 bytes announced, 2 present
        assertDecodeFails(EventFixtures.withPayload(entry, bytes(0x0a, 0xff, 0xff, 0xff, 0xff, 0x07, 1, 2)));
    }

    @Test
    void decodeRejectsProtobufStoppedEarlyByAStrayEndGroupTag() {
        WalEntry entry = EventFixtures.stored(EventFixtures.headerSync(), LSN);
        // field 2 (version) = 3, then an end-group tag for field 1, then more fields
        assertDecodeFails(EventFixtures.withPayload(entry, bytes(0x10, 3, 0x0c, 0x10, 4)));
    }

    @Test
    void decodeRejectsMessagesNestedDeeperThanTheRecursionLimit() {
        WalEntry entry = EventFixtures.stored(merkleChain(ProtobufEventCodec.RECURSION_LIMIT + 50), LSN);

        assertDecodeFails(entry);
    }

    @Test
    void decodeAcceptsSnapshotChainsWithinTheRecursionLimit() {
        MerkleSyncEvent event = merkleChain(ProtobufEventCodec.RECURSION_LIMIT - 10);

        assertThat(EventFactory.decode(EventFixtures.stored(event, LSN))).isEqualTo(event);
    }

    /** A merkle message whose one peak is a chain of {@code depth} nested left children. */
    private static MerkleSyncEvent merkleChain(int depth) {
        SnapshotNode node = SnapshotNode.newBuilder().setHasData(true).build();
        for (int i = 1; i < depth; i++) {
            node = SnapshotNode.newBuilder().setLeft(node).setCount(i).build();
        }
        return new MerkleSyncEvent(
                Operation.SYNC,
                MerkleMessage.newBuilder()
                        .setSnapshot(MerkleSnapshot.newBuilder().addPeaks(node))
                        .build());
    }

    @Test
    void decodeRejectsReconciliationEntryWhoseOperationIsNotUpdate() {
        WalEntry entry = EventFixtures.stored(EventFixtures.reconciliation(), LSN);

        assertDecodeFails(new WalEntry(LSN, entry.type(), Operation.DELETE, 0, entry.codecId(), entry.payload()));
    }

    @Test
    void decodeRejectsAnUnknownCodecId() {
        WalEntry entry = EventFixtures.stored(EventFixtures.potsBlock(), LSN);

        assertDecodeFails(new WalEntry(LSN, WalType.POTS, Operation.APPEND, 0, 999, entry.payload()));
    }

    @Test
    void decodeRejectsACodecIdOfAnotherType() {
        WalEntry entry = EventFixtures.stored(EventFixtures.headerSync(), LSN);

        assertDecodeFails(new WalEntry(LSN, WalType.POTS, Operation.SYNC, 0, entry.codecId(), entry.payload()));
    }

    @Test
    void batchCodecFromForTypeRefusesASingleReconciliationEntry() {
        WalEntry single = EventFixtures.stored(EventFixtures.reconciliation(), LSN);
        EventCodec<?> batchCodec = EventFactory.forType(WalType.RECONCILIATION);

        assertThatThrownBy(() -> batchCodec.decode(single)).isInstanceOfSatisfying(EventCodecException.class, e -> {
            assertThat(e.lsn()).isEqualTo(LSN);
            assertThat(e.type()).isEqualTo(WalType.RECONCILIATION);
            assertThat(e.codecId()).isEqualTo(CodecIds.RECONCILIATION_BATCH);
        });
    }

    @Test
    void encodeRejectsAStringWithALoneSurrogate() {
        ReconciliationEvent event = new ReconciliationEvent("0xab\uD800", "1", "2", 3, 4);

        assertThatThrownBy(() -> StandardEvents.catalog().encode(event))
                .isInstanceOfSatisfying(EventCodecException.class, e -> {
                    assertThat(e.lsn()).isEqualTo(EventCodecException.NO_LSN);
                    assertThat(e.codecId()).isEqualTo(CodecIds.RECONCILIATION);
                });
    }

    @Test
    void encodeRejectsABlockLargerThanThePayloadLimit() {
        PoTSBlockEvent event = new PoTSBlockEvent(Operation.APPEND, 1, new byte[EventLog.MAX_PAYLOAD_BYTES], 2);

        assertThatThrownBy(() -> StandardEvents.catalog().encode(event))
                .isInstanceOfSatisfying(EventCodecException.class, e -> {
                    assertThat(e.lsn()).isEqualTo(EventCodecException.NO_LSN);
                    assertThat(e.type()).isEqualTo(WalType.POTS);
                    assertThat(e.codecId()).isEqualTo(CodecIds.POTS_BLOCK);
                });
    }

    @Test
    void everyRandomPrefixAndBitFlipOfEveryPayloadEitherDecodesOrFailsWithACodecException() {
        Random random = new Random(20_250_512L);
        for (Event event : EventFixtures.oneOfEach()) {
            WalEntry entry = EventFixtures.stored(event, LSN);
            for (int round = 0; round < 300; round++) {
                byte[] payload = entry.payload();
                payload[random.nextInt(payload.length)] ^= (byte) (1 << random.nextInt(8));
                byte[] mutated = Arrays.copyOf(payload, random.nextInt(payload.length + 1));
                WalEntry damaged = EventFixtures.withPayload(entry, mutated);
                try {
                    assertThat(EventFactory.decode(damaged).type()).isEqualTo(entry.type());
                } catch (EventCodecException e) {
                    assertThat(List.of(e.type(), e.lsn(), e.codecId()))
                            .containsExactly(entry.type(), LSN, entry.codecId());
                }
            }
        }
    }
}
