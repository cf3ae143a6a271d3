package io.rockwal.events;

import java.util.HashMap;
import java.util.Map;

/**
 * The field numbers and wire types of the original Go node's messages (the project's payload schema
 * reference, kept outside this repository), written out by hand from that table and independent of
 * the generated code and of the {@code .proto} files, so that a test can hold encoded bytes against
 * it: this class is the repository's own record of the wire format. Message names are those of the
 * table (the original spells merkle's range in lower case).
 */
final class WireSchema {

    /** How a field appears on the wire. */
    enum Kind {
        /** Wire type 0: bool, enum, int32, int64, uint32, uint64. */
        VARINT,
        /** Wire type 2 holding bytes or a string. */
        BYTES,
        /** Wire type 2 holding a packed run of varints (proto3's default for repeated scalars). */
        PACKED_VARINTS,
        /** Wire type 2 holding a message of the named type. */
        MESSAGE
    }

    /** One field: its kind, and for {@link Kind#MESSAGE} the message type it holds. */
    record Field(Kind kind, String message) {}

    static final Map<String, Map<Integer, Field>> MESSAGES = new HashMap<>();

    private static final Field V = new Field(Kind.VARINT, null);
    private static final Field B = new Field(Kind.BYTES, null);
    private static final Field P = new Field(Kind.PACKED_VARINTS, null);

    static {
        message("ack.Ack", 1, V, 2, B);
        message("auth.Auth", 1, B);
        message("phase.Phase", 1, B, 2, B, 4, V, 5, B, 6, m("auth.Auth"));
        message("tagging.Tag", 1, P, 2, m("tagging.RangeTag"));
        message("tagging.RangeTag", 1, V, 2, V);
        message("tagging.TaggedAccounts", 1, m("tagging.TaggedAccounts.AccountsEntry"));
        message("tagging.TaggedAccounts.AccountsEntry", 1, B, 2, V);
        message("nodeinfo.NodeInfo", 1, B, 2, B, 3, B, 4, B, 5, V, 6, B);
        message("checksum.Checksum", 1, B, 2, V);
        message(
                "block.Header",
                1,
                B,
                2,
                B,
                3,
                B,
                4,
                V,
                5,
                B,
                6,
                B,
                7,
                B,
                8,
                B,
                9,
                B,
                10,
                B,
                11,
                V,
                12,
                V,
                13,
                V,
                14,
                B);
        message(
                "block.Transaction",
                1,
                B,
                2,
                B,
                3,
                B,
                4,
                B,
                5,
                V,
                6,
                V,
                7,
                B,
                8,
                V,
                9,
                V,
                10,
                B,
                11,
                B,
                12,
                B,
                13,
                B,
                14,
                m("block.AccessTuple"),
                15,
                B,
                16,
                B,
                17,
                B);
        message("block.AccessTuple", 1, B, 2, B);
        message(
                "block.ZKBlock",
                1,
                B,
                2,
                P,
                3,
                B,
                4,
                B,
                5,
                B,
                6,
                m("block.Transaction"),
                7,
                V,
                8,
                B,
                9,
                B,
                10,
                B,
                11,
                B,
                12,
                B,
                13,
                B,
                14,
                B,
                15,
                V,
                16,
                V,
                17,
                V);
        message("block.SnapshotRecord", 1, B, 2, V);
        message("block.ZKProof", 1, B, 2, B, 3, B, 4, V);
        message("block.DBTransaction", 1, m("block.Transaction"), 2, V, 3, V);
        message("block.L1Finality", 1, B, 2, P, 3, B, 4, V);
        message(
                "block.NonHeaders",
                1,
                V,
                2,
                m("block.SnapshotRecord"),
                3,
                m("block.DBTransaction"),
                4,
                m("block.ZKProof"),
                5,
                m("block.L1Finality"));
        message("headersync.HeaderSyncRequest", 1, m("tagging.Tag"), 2, V, 3, m("ack.Ack"), 4, m("phase.Phase"));
        message("headersync.HeaderSyncResponse", 1, m("block.Header"), 2, V, 3, m("ack.Ack"), 4, m("phase.Phase"));
        message("merkle.SnapshotConfig", 1, V, 2, V);
        message(
                "merkle.SnapshotNode",
                1,
                m("merkle.SnapshotNode"),
                2,
                m("merkle.SnapshotNode"),
                3,
                B,
                4,
                V,
                5,
                V,
                6,
                B,
                7,
                V);
        message(
                "merkle.MerkleSnapshot",
                1,
                V,
                2,
                m("merkle.SnapshotConfig"),
                3,
                V,
                4,
                V,
                5,
                V,
                6,
                B,
                7,
                V,
                8,
                m("merkle.SnapshotNode"));
        message("merkle.range", 1, V, 2, V);
        message("merkle.MerkleMessage", 1, m("merkle.MerkleSnapshot"), 2, m("ack.Ack"), 3, m("phase.Phase"));
        message("priorsync.Metadata", 1, B, 3, V, 4, m("nodeinfo.NodeInfo"));
        message(
                "priorsync.PriorSync",
                1,
                V,
                2,
                B,
                3,
                B,
                4,
                m("priorsync.Metadata"),
                5,
                m("merkle.MerkleSnapshot"),
                6,
                m("merkle.range"));
        message(
                "priorsync.PriorSyncMessage",
                1,
                m("priorsync.PriorSync"),
                2,
                m("ack.Ack"),
                3,
                m("phase.Phase"),
                4,
                m("headersync.HeaderSyncRequest"));
        message(
                "datasync.DataSyncResponse",
                1,
                m("block.NonHeaders"),
                2,
                V,
                3,
                m("tagging.TaggedAccounts"),
                4,
                m("ack.Ack"),
                5,
                m("phase.Phase"));
        // metadata is the well-known google.protobuf.Struct: checked as opaque bytes here
        message("accounts.Account", 1, B, 2, B, 3, B, 4, V, 5, B, 6, V, 7, V, 8, B);
        message("accounts.AccountSyncResponse", 1, m("accounts.Account"), 2, V, 3, m("ack.Ack"), 4, m("phase.Phase"));
    }

    private WireSchema() {}

    private static Field m(String message) {
        return new Field(Kind.MESSAGE, message);
    }

    private static void message(String name, Object... numbersAndFields) {
        Map<Integer, Field> fields = new HashMap<>();
        for (int i = 0; i < numbersAndFields.length; i += 2) {
            fields.put((Integer) numbersAndFields[i], (Field) numbersAndFields[i + 1]);
        }
        MESSAGES.put(name, Map.copyOf(fields));
    }
}
