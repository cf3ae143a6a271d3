package io.rockwal.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.UnknownFieldSet;
import io.rockwal.core.Event;
import io.rockwal.core.Operation;
import io.rockwal.events.WireSchema.Field;
import io.rockwal.events.WireSchema.Kind;
import io.rockwal.events.proto.Header;
import io.rockwal.events.proto.HeaderSyncResponse;
import io.rockwal.events.proto.Phase;
import io.rockwal.events.proto.Transaction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Reads the stored payloads with protobuf's generic wire reader, which knows no schema, and holds every
 * field against {@link WireSchema}: each field number present must be in the schema with its wire type,
 * nested messages are checked the same way, and across a payload every field of every message reached
 * must appear (the fixtures set them all).
 */
class WireCompatibilityTest {

    /** Field numbers seen per message type while walking a payload. */
    private final Map<String, Set<Integer>> seen = new TreeMap<>();

    private static byte[] stored(Event event) {
        return StandardEvents.catalog().encode(event).payload();
    }

    private static UnknownFieldSet fields(ByteString bytes) throws InvalidProtocolBufferException {
        return UnknownFieldSet.parseFrom(bytes);
    }

    private void walk(String message, ByteString bytes) throws IOException {
        Map<Integer, Field> schema = WireSchema.MESSAGES.get(message);
        assertThat(schema).as("schema of %s", message).isNotNull();
        for (Map.Entry<Integer, UnknownFieldSet.Field> entry :
                fields(bytes).asMap().entrySet()) {
            int number = entry.getKey();
            Field expected = schema.get(number);
            UnknownFieldSet.Field field = entry.getValue();
            assertThat(expected)
                    .as("%s field %d is in the schema", message, number)
                    .isNotNull();
            assertThat(field.getFixed32List())
                    .as("%s field %d fixed32", message, number)
                    .isEmpty();
            assertThat(field.getFixed64List())
                    .as("%s field %d fixed64", message, number)
                    .isEmpty();
            assertThat(field.getGroupList())
                    .as("%s field %d groups", message, number)
                    .isEmpty();
            if (expected.kind() == Kind.VARINT) {
                assertThat(field.getVarintList())
                        .as("%s field %d is a varint", message, number)
                        .isNotEmpty();
                assertThat(field.getLengthDelimitedList())
                        .as("%s field %d is a varint", message, number)
                        .isEmpty();
            } else {
                assertThat(field.getLengthDelimitedList())
                        .as("%s field %d is length-delimited", message, number)
                        .isNotEmpty();
                assertThat(field.getVarintList())
                        .as("%s field %d is length-delimited", message, number)
                        .isEmpty();
            }
            for (ByteString value : field.getLengthDelimitedList()) {
                if (expected.kind() == Kind.MESSAGE) {
                    walk(expected.message(), value);
                } else if (expected.kind() == Kind.PACKED_VARINTS) {
                    assertThat(packedVarints(value))
                            .as("%s field %d packed", message, number)
                            .isNotEmpty();
                }
            }
            seen.computeIfAbsent(message, name -> new TreeSet<>()).add(number);
        }
    }

    /** Walks a payload and checks that every field of every message type it reached was present. */
    private void walkCompletely(String message, byte[] payload) throws IOException {
        walk(message, ByteString.copyFrom(payload));
        for (Map.Entry<String, Set<Integer>> entry : seen.entrySet()) {
            assertThat(entry.getValue())
                    .as("fields of %s seen", entry.getKey())
                    .containsExactlyInAnyOrderElementsOf(
                            WireSchema.MESSAGES.get(entry.getKey()).keySet());
        }
    }

    private static List<Long> packedVarints(ByteString bytes) throws IOException {
        CodedInputStream input = bytes.newCodedInput();
        List<Long> values = new ArrayList<>();
        while (!input.isAtEnd()) {
            values.add(input.readRawVarint64());
        }
        return values;
    }

    private static UnknownFieldSet nested(UnknownFieldSet parent, int... path) throws IOException {
        UnknownFieldSet current = parent;
        for (int number : path) {
            current = fields(current.getField(number).getLengthDelimitedList().get(0));
        }
        return current;
    }

    @Test
    void headerSyncResponseMatchesTheSchemaFieldByField() throws IOException {
        byte[] payload = stored(EventFixtures.headerSync());

        walkCompletely("headersync.HeaderSyncResponse", payload);

        assertThat(seen)
                .containsOnlyKeys(
                        "headersync.HeaderSyncResponse", "block.Header", "ack.Ack", "phase.Phase", "auth.Auth");
        UnknownFieldSet header = nested(fields(ByteString.copyFrom(payload)), 1);
        assertThat(header.getField(13).getVarintList()).containsExactly(1_000L);
        assertThat(header.getField(4).getVarintList()).containsExactly(1_747_001_000L);
        assertThat(header.getField(10).getLengthDelimitedList()).containsExactly(ProtoFixtures.bytes(32, 1_004));
        UnknownFieldSet phase = nested(fields(ByteString.copyFrom(payload)), 4);
        assertThat(phase.hasField(3)).isFalse();
        assertThat(phase.getField(6).getLengthDelimitedList()).hasSize(1);
    }

    @Test
    void merkleMessageMatchesTheSchemaFieldByField() throws IOException {
        byte[] payload = stored(EventFixtures.merkleSync());

        walkCompletely("merkle.MerkleMessage", payload);

        assertThat(seen).containsKeys("merkle.MerkleSnapshot", "merkle.SnapshotConfig", "merkle.SnapshotNode");
        UnknownFieldSet snapshot = nested(fields(ByteString.copyFrom(payload)), 1);
        assertThat(snapshot.getField(8).getLengthDelimitedList()).hasSize(2);
        assertThat(snapshot.getField(6).getLengthDelimitedList()).hasSize(3);
        // SnapshotConfig.block_merge is int32 -16: a ten-byte varint of the sign-extended value
        assertThat(nested(snapshot, 2).getField(1).getVarintList()).containsExactly(-16L);
        UnknownFieldSet leaf = nested(snapshot, 8, 2, 2, 2, 2);
        assertThat(leaf.getField(7).getVarintList()).containsExactly(1L);
        assertThat(leaf.getField(4).getVarintList()).containsExactly(15L);
    }

    @Test
    void priorSyncMessageMatchesTheSchemaFieldByField() throws IOException {
        byte[] payload = stored(EventFixtures.priorSync());

        walkCompletely("priorsync.PriorSyncMessage", payload);

        assertThat(seen)
                .containsKeys(
                        "priorsync.PriorSync",
                        "priorsync.Metadata",
                        "nodeinfo.NodeInfo",
                        "merkle.MerkleSnapshot",
                        "merkle.range",
                        "headersync.HeaderSyncRequest",
                        "tagging.Tag",
                        "tagging.RangeTag");
        UnknownFieldSet metadata = nested(fields(ByteString.copyFrom(payload)), 1, 4);
        assertThat(metadata.hasField(2)).isFalse();
        assertThat(metadata.getField(3).getVarintList()).containsExactly(4L);
        UnknownFieldSet tag = nested(fields(ByteString.copyFrom(payload)), 4, 1);
        assertThat(packedVarints(tag.getField(1).getLengthDelimitedList().get(0)))
                .containsExactly(100L, 200L, Long.MIN_VALUE);
        UnknownFieldSet range = nested(fields(ByteString.copyFrom(payload)), 1, 6);
        assertThat(range.getField(2).getVarintList()).containsExactly(48L);
    }

    @Test
    void dataSyncResponseMatchesTheSchemaFieldByField() throws IOException {
        byte[] payload = stored(EventFixtures.dataSync());

        walkCompletely("datasync.DataSyncResponse", payload);

        assertThat(seen)
                .containsKeys(
                        "block.NonHeaders",
                        "block.SnapshotRecord",
                        "block.DBTransaction",
                        "block.Transaction",
                        "block.AccessTuple",
                        "block.ZKProof",
                        "block.L1Finality",
                        "tagging.TaggedAccounts",
                        "tagging.TaggedAccounts.AccountsEntry");
        UnknownFieldSet transaction = nested(fields(ByteString.copyFrom(payload)), 1, 3, 1);
        Transaction expected = ProtoFixtures.transaction(20_000);
        assertThat(transaction.getField(4).getLengthDelimitedList()).containsExactly(expected.getValue());
        assertThat(new BigInteger(
                        1,
                        transaction.getField(4).getLengthDelimitedList().get(0).toByteArray()))
                .isEqualTo(new BigInteger("1500000000000020000"));
        assertThat(transaction.getField(5).getVarintList()).containsExactly(2L);
        assertThat(transaction.getField(14).getLengthDelimitedList()).hasSize(2);
    }

    @Test
    void accountSyncResponseMatchesTheSchemaFieldByField() throws IOException {
        byte[] payload = stored(EventFixtures.accountSync());

        walkCompletely("accounts.AccountSyncResponse", payload);

        UnknownFieldSet account = nested(fields(ByteString.copyFrom(payload)), 1);
        assertThat(account.getField(4).getVarintList()).containsExactly(1L);
        assertThat(Struct.parseFrom(account.getField(8).getLengthDelimitedList().get(0)))
                .isEqualTo(ProtoFixtures.accountMetadata(0));
        assertThat(fields(ByteString.copyFrom(payload)).getField(2).getVarintList())
                .containsExactly(7L);
    }

    @Test
    void messagesOutsideTheEventPayloadsMatchTheSchemaToo() throws IOException {
        walkCompletely("block.ZKBlock", ProtoFixtures.zkBlock(77).toByteArray());
        walkCompletely("checksum.Checksum", ProtoFixtures.checksum().toByteArray());

        UnknownFieldSet block = fields(ProtoFixtures.zkBlock(77).toByteString());
        assertThat(packedVarints(block.getField(2).getLengthDelimitedList().get(0)))
                .containsExactly(1L, 70_000L, 0xffff_ffffL);
        assertThat(fields(ProtoFixtures.checksum().toByteString()).getField(2).getVarintList())
                .containsExactly(2L);
    }

    @Test
    void bytesWrittenFieldByFieldFromTheSchemaParseIntoTheGeneratedMessages() throws IOException {
        ByteArrayOutputStream headerBytes = new ByteArrayOutputStream();
        CodedOutputStream header = CodedOutputStream.newInstance(headerBytes);
        header.writeString(1, "0xproof");
        header.writeInt64(4, -5);
        header.writeBytes(10, ProtoFixtures.bytes(32, 3));
        header.writeUInt64(13, -1L);
        header.flush();
        ByteArrayOutputStream phaseBytes = new ByteArrayOutputStream();
        CodedOutputStream phase = CodedOutputStream.newInstance(phaseBytes);
        phase.writeString(1, "DATA_SYNC");
        phase.writeString(3, "a field the schema leaves unused");
        phase.writeBool(4, true);
        phase.flush();

        Header parsedHeader = Header.parseFrom(headerBytes.toByteArray());
        Phase parsedPhase = Phase.parseFrom(phaseBytes.toByteArray());

        assertThat(parsedHeader.getProofHash()).isEqualTo("0xproof");
        assertThat(parsedHeader.getTimestamp()).isEqualTo(-5);
        assertThat(parsedHeader.getBlockHash()).isEqualTo(ProtoFixtures.bytes(32, 3));
        assertThat(Long.toUnsignedString(parsedHeader.getBlockNumber())).isEqualTo("18446744073709551615");
        assertThat(parsedPhase.getPresentPhase()).isEqualTo("DATA_SYNC");
        assertThat(parsedPhase.getSuccess()).isTrue();
        assertThat(parsedPhase.getUnknownFields().hasField(3)).isTrue();
        HeaderSyncEvent event = new HeaderSyncEvent(
                Operation.SYNC,
                HeaderSyncResponse.newBuilder()
                        .addHeader(parsedHeader)
                        .setPhase(parsedPhase)
                        .build());
        HeaderSyncEvent decoded = (HeaderSyncEvent) EventFactory.decode(EventFixtures.stored(event, 1));
        assertThat(decoded.response().getPhase().getUnknownFields().getField(3).getLengthDelimitedList())
                .containsExactly(ByteString.copyFromUtf8("a field the schema leaves unused"));
    }
}
