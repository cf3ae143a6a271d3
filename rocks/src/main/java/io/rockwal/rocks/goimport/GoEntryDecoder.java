package io.rockwal.rocks.goimport;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.rockwal.core.Event;
import io.rockwal.core.Operation;
import io.rockwal.core.WalType;
import io.rockwal.events.AccountSyncEvent;
import io.rockwal.events.DataSyncEvent;
import io.rockwal.events.HeaderSyncEvent;
import io.rockwal.events.MerkleSyncEvent;
import io.rockwal.events.PoTSBlockEvent;
import io.rockwal.events.PriorSyncEvent;
import io.rockwal.events.ReconciliationBatchEntry;
import io.rockwal.events.ReconciliationBatchEvent;
import io.rockwal.events.ReconciliationEvent;
import io.rockwal.events.proto.AccountSyncResponse;
import io.rockwal.events.proto.DataSyncResponse;
import io.rockwal.events.proto.HeaderSyncResponse;
import io.rockwal.events.proto.MerkleMessage;
import io.rockwal.events.proto.PriorSyncMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * Decodes one record of a Go log into the Java event it holds. Two JSON layers: the record is a
 * {@code WALEntry} ({@code {"type","data","lsn","timestamp"}}, {@code data} the base64 of the event's
 * JSON), and the event JSON holds the base fields {@code type}, {@code lsn}, {@code operation} and the
 * event's own: {@code proto_data} (base64 of the protobuf bytes) for the five protobuf events, the
 * account fields or an {@code accounts} array for the two reconciliation events, {@code block_number},
 * {@code block_data} and {@code timestamp} for a PoTS block. Unknown keys, missing keys, wrong JSON
 * types, numbers that are not integers of the field's range, bad base64 and protobuf bytes that do not
 * parse are refused, naming the LSN, the type and the field.
 *
 * <p>Exactness: a protobuf event is accepted only if parsing its bytes and encoding the message again
 * gives the same bytes, since the store keeps the encoded message; so the stored payload is the Go
 * node's {@code proto_data}, byte for byte. Numbers are read from their JSON text, never through a
 * double. Not thread-safe (it counts what it normalised).
 */
final class GoEntryDecoder {

    /** An entry decoded: the Go record's LSN and timestamp (Unix seconds) and the event. */
    record GoEntry(long lsn, long timestampSeconds, Event event) {}

    private static final Map<String, BiFunction<Operation, byte[], Event>> PROTOBUF_TYPES = Map.of(
            WalType.HEADER_SYNC.name(),
                    (operation, bytes) -> new HeaderSyncEvent(operation, parse(HeaderSyncResponse.parser(), bytes)),
            WalType.MERKLE_SYNC.name(),
                    (operation, bytes) -> new MerkleSyncEvent(operation, parse(MerkleMessage.parser(), bytes)),
            WalType.PRIOR_SYNC.name(),
                    (operation, bytes) -> new PriorSyncEvent(operation, parse(PriorSyncMessage.parser(), bytes)),
            WalType.DATA_SYNC.name(),
                    (operation, bytes) -> new DataSyncEvent(operation, parse(DataSyncResponse.parser(), bytes)),
            WalType.ACCOUNT_SYNC.name(),
                    (operation, bytes) -> new AccountSyncEvent(operation, parse(AccountSyncResponse.parser(), bytes)));
    private static final Map<String, String> MESSAGE_NAMES = Map.of(
            WalType.HEADER_SYNC.name(), "headersync.HeaderSyncResponse",
            WalType.MERKLE_SYNC.name(), "merkle.MerkleMessage",
            WalType.PRIOR_SYNC.name(), "priorsync.PriorSyncMessage",
            WalType.DATA_SYNC.name(), "datasync.DataSyncResponse",
            WalType.ACCOUNT_SYNC.name(), "accounts.AccountSyncResponse");

    private final Map<String, Long> normalised = new TreeMap<>();

    /**
     * Decodes a record.
     *
     * @throws GoWalException naming the segment, offset, LSN, type and field of whatever is wrong
     */
    GoEntry decode(GoSegmentReader.Frame frame) {
        FlatJson flatRecord = FlatJson.parse(frame.bytes());
        Envelope envelope = flatRecord != null ? flatEnvelope(frame, flatRecord) : null;
        if (envelope == null) {
            try {
                envelope = readEnvelope(frame);
            } catch (IOException | IllegalStateException | NumberFormatException e) {
                throw fail(frame, "the record is not a WALEntry JSON object: " + e.getMessage(), e);
            }
        }
        if (envelope.lsn != frame.lsn()) {
            throw fail(
                    frame,
                    "the record is not a WALEntry JSON object: it says LSN " + envelope.lsn
                            + ", its position in the log makes it " + frame.lsn(),
                    null);
        }
        Fields fields = new Fields(frame, envelope.type);
        FlatJson flatEvent = FlatJson.parse(envelope.data);
        if (flatEvent == null || !fields.takeFlat(flatEvent)) {
            fields = new Fields(frame, envelope.type);
            try (Reader reader =
                    new InputStreamReader(new ByteArrayInputStream(envelope.data), StandardCharsets.UTF_8)) {
                JsonReader json = new JsonReader(reader);
                readEventFields(frame, envelope.type, json, fields);
                if (json.peek() != JsonToken.END_DOCUMENT) {
                    throw fail(frame, envelope.type + " event JSON: something follows the object", null);
                }
            } catch (IOException | IllegalStateException e) {
                throw fail(frame, envelope.type + " event JSON does not parse: " + e.getMessage(), e);
            }
        }
        return new GoEntry(frame.lsn(), envelope.timestamp, event(frame, envelope.type, fields));
    }

    /** What was stored differently from how the Java store keeps it, with counts (for the report). */
    Map<String, Long> normalised() {
        return normalised;
    }

    /** The WALEntry: its type, its data base64-decoded (the event JSON), its LSN and timestamp. */
    private record Envelope(String type, byte[] data, long lsn, long timestamp) {}

    /** The envelope from the fast reader, or null to read it again with the full parser. */
    private static Envelope flatEnvelope(GoSegmentReader.Frame frame, FlatJson flat) {
        String type = null;
        byte[] data = null;
        long lsn = -1;
        long timestamp = 0;
        for (int i = 0; i < flat.size(); i++) {
            String key = flat.key(i);
            boolean string = flat.isString(i);
            switch (key) {
                case "type" -> type = string ? flat.text(i) : null;
                case "data" -> data = string ? base64(frame, "the WALEntry", "data", flat, i) : null;
                case "lsn" -> lsn = string ? -1 : parseLongOr(flat.text(i), -1);
                case "timestamp" -> {
                    if (string) {
                        return null;
                    }
                    timestamp = Long.parseLong(flat.text(i));
                }
                default -> {
                    return null;
                }
            }
        }
        return type == null || data == null || lsn < 0 ? null : new Envelope(type, data, lsn, timestamp);
    }

    private static long parseLongOr(String text, long otherwise) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private static Envelope readEnvelope(GoSegmentReader.Frame frame) throws IOException {
        JsonReader json = new JsonReader(new StringReader(new String(frame.bytes(), StandardCharsets.UTF_8)));
        String type = null;
        String data = null;
        Long lsn = null;
        long timestamp = 0;
        json.beginObject();
        while (json.hasNext()) {
            String key = json.nextName();
            switch (key) {
                case "type" -> type = string(json, key);
                case "data" -> data = string(json, key);
                case "lsn" -> lsn = Long.parseLong(number(json, key));
                case "timestamp" -> timestamp = Long.parseLong(number(json, key));
                default -> throw new IllegalStateException("unexpected key '" + key + "'");
            }
        }
        json.endObject();
        if (json.peek() != JsonToken.END_DOCUMENT) {
            throw new IllegalStateException("something follows the object");
        }
        if (type == null || data == null || lsn == null) {
            throw new IllegalStateException(
                    "'" + (type == null ? "type" : data == null ? "data" : "lsn") + "' is missing");
        }
        return new Envelope(type, base64(frame, "the WALEntry", "data", data), lsn, timestamp);
    }

    private static void readEventFields(GoSegmentReader.Frame frame, String type, JsonReader json, Fields fields)
            throws IOException {
        json.beginObject();
        while (json.hasNext()) {
            String key = json.nextName();
            switch (key) {
                case "type", "operation", "account_address", "old_balance", "new_balance" ->
                    fields.put(key, string(json, key));
                case "proto_data", "block_data" -> fields.putBinary(key, base64(frame, type, key, string(json, key)));
                case "lsn", "nonce", "timestamp", "block_number" -> fields.put(key, number(json, key));
                case "accounts" -> fields.accounts = accounts(json);
                default -> throw fail(frame, type + " event JSON has a key no Go event has: '" + key + "'", null);
            }
        }
        json.endObject();
    }

    private Event event(GoSegmentReader.Frame frame, String type, Fields fields) {
        String innerType = fields.require("type");
        if (!fields.require("lsn").equals("0")) {
            count("event JSON lsn other than 0 (the record's position gives the LSN)");
        }
        String operation = fields.require("operation");
        if (!innerType.equals(type)) {
            count("event JSON type '" + innerType + "' inside a " + type + " record (the record's type is kept)");
        }
        BiFunction<Operation, byte[], Event> protobuf = PROTOBUF_TYPES.get(type);
        if (protobuf != null) {
            fields.onlyThese("type", "lsn", "operation", "proto_data");
            byte[] bytes = fields.requireBinary("proto_data");
            return protobufEvent(frame, type, protobuf, operation(frame, type, operation), bytes);
        }
        if (type.equals(WalType.RECONCILIATION.name())) {
            if (!operation.equals(Operation.UPDATE.wireName())) {
                count("reconciliation operation '" + operation + "' (kept as UPDATE, as the original's GetOperation)");
            }
            return fields.accounts != null ? batch(fields) : single(fields);
        }
        if (type.equals(WalType.POTS.name())) {
            fields.onlyThese("type", "lsn", "operation", "block_number", "block_data", "timestamp");
            return new PoTSBlockEvent(
                    operation(frame, type, operation),
                    fields.unsigned("block_number"),
                    fields.requireBinary("block_data"),
                    fields.signed("timestamp"));
        }
        throw fail(frame, "unknown event type '" + type + "': none of the eight Go events has it", null);
    }

    private static Event protobufEvent(
            GoSegmentReader.Frame frame,
            String type,
            BiFunction<Operation, byte[], Event> construct,
            Operation operation,
            byte[] bytes) {
        Event event;
        try {
            event = construct.apply(operation, bytes);
        } catch (UnparsedProtobuf e) {
            throw fail(
                    frame,
                    type + " proto_data does not parse as " + MESSAGE_NAMES.get(type) + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        }
        byte[] again = messageOf(event).toByteArray();
        if (!Arrays.equals(again, bytes)) {
            throw fail(
                    frame,
                    type + " proto_data (" + bytes.length + " bytes) does not survive a parse and"
                            + " re-encode as " + MESSAGE_NAMES.get(type) + " (" + again.length
                            + " bytes, first difference at"
                            + " byte " + Arrays.mismatch(again, bytes) + "); the store would keep different bytes",
                    null);
        }
        return event;
    }

    private static MessageLite messageOf(Event event) {
        if (event instanceof HeaderSyncEvent e) {
            return e.response();
        } else if (event instanceof MerkleSyncEvent e) {
            return e.message();
        } else if (event instanceof PriorSyncEvent e) {
            return e.message();
        } else if (event instanceof DataSyncEvent e) {
            return e.response();
        }
        return ((AccountSyncEvent) event).response();
    }

    private static Event single(Fields fields) {
        fields.onlyThese(
                "type", "lsn", "operation", "account_address", "old_balance", "new_balance", "nonce", "timestamp");
        return new ReconciliationEvent(
                fields.require("account_address"),
                fields.require("old_balance"),
                fields.require("new_balance"),
                fields.unsigned("nonce"),
                fields.signed("timestamp"));
    }

    private static Event batch(Fields fields) {
        fields.onlyThese("type", "lsn", "operation", "timestamp", "accounts");
        List<ReconciliationBatchEntry> accounts = new ArrayList<>(fields.accounts.size());
        for (int i = 0; i < fields.accounts.size(); i++) {
            String[] account = fields.accounts.get(i);
            for (int k = 0; k < 3; k++) {
                if (account[k] == null) {
                    throw fields.fail("accounts[" + i + "] has no '" + "abn".charAt(k) + "'");
                }
            }
            long nonce;
            try {
                nonce = Long.parseUnsignedLong(account[2]);
            } catch (NumberFormatException e) {
                throw fields.fail("accounts[" + i + "].n is not an unsigned 64-bit integer: " + account[2]);
            }
            accounts.add(new ReconciliationBatchEntry(account[0], account[1], nonce));
        }
        return new ReconciliationBatchEvent(accounts, fields.signed("timestamp"));
    }

    /** The accounts of a batch as {address, new balance, nonce text}, streamed (a batch can be large). */
    private static List<String[]> accounts(JsonReader json) throws IOException {
        List<String[]> accounts = new ArrayList<>();
        json.beginArray();
        while (json.hasNext()) {
            String[] account = new String[3];
            json.beginObject();
            while (json.hasNext()) {
                String key = json.nextName();
                switch (key) {
                    case "a" -> account[0] = string(json, "a");
                    case "b" -> account[1] = string(json, "b");
                    case "n" -> account[2] = number(json, "n");
                    default ->
                        throw new IllegalStateException("accounts[" + accounts.size() + "] has a key no Go"
                                + " batch entry has: '" + key + "'");
                }
            }
            json.endObject();
            accounts.add(account);
        }
        json.endArray();
        return accounts;
    }

    private static Operation operation(GoSegmentReader.Frame frame, String type, String operation) {
        try {
            return Operation.fromWireName(operation);
        } catch (IllegalArgumentException e) {
            throw fail(frame, type + " operation: " + e.getMessage(), e);
        }
    }

    private void count(String what) {
        normalised.merge(what, 1L, Long::sum);
    }

    private static String string(JsonReader json, String key) throws IOException {
        if (json.peek() != JsonToken.STRING) {
            throw new IllegalStateException("'" + key + "' should be a string, is " + json.peek());
        }
        return json.nextString();
    }

    /** A JSON number's text as written, so that no digit is lost to a double. */
    private static String number(JsonReader json, String key) throws IOException {
        if (json.peek() != JsonToken.NUMBER) {
            throw new IllegalStateException("'" + key + "' should be a number, is " + json.peek());
        }
        return json.nextString();
    }

    private static byte[] base64(GoSegmentReader.Frame frame, String type, String field, FlatJson flat, int i) {
        try {
            ByteBuffer decoded =
                    Base64.getDecoder().decode(ByteBuffer.wrap(flat.bytes(), flat.start(i), flat.length(i)));
            return decoded.hasArray() && decoded.arrayOffset() == 0 && decoded.array().length == decoded.remaining()
                    ? decoded.array()
                    : Arrays.copyOfRange(
                            decoded.array(), decoded.arrayOffset(), decoded.arrayOffset() + decoded.remaining());
        } catch (IllegalArgumentException e) {
            throw fail(frame, type + " " + field + " is not standard base64: " + e.getMessage(), e);
        }
    }

    private static byte[] base64(GoSegmentReader.Frame frame, String type, String field, String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw fail(frame, type + " " + field + " is not standard base64: " + e.getMessage(), e);
        }
    }

    private static <M> M parse(Parser<M> parser, byte[] bytes) {
        try {
            return parser.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new UnparsedProtobuf(e);
        }
    }

    private static GoWalException fail(GoSegmentReader.Frame frame, String problem, Throwable cause) {
        return new GoWalException(problem, frame.segment(), frame.offset(), frame.lsn(), cause);
    }

    /** Carries a protobuf parse failure out of a constructor function. */
    private static final class UnparsedProtobuf extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnparsedProtobuf(InvalidProtocolBufferException cause) {
            super(cause);
        }
    }

    /** The scalar fields of one event JSON, checked as the event's class needs them. */
    private static final class Fields {
        private final GoSegmentReader.Frame frame;
        private final String type;
        private final Map<String, String> values = new TreeMap<>();
        private final Map<String, byte[]> binary = new TreeMap<>();
        private List<String[]> accounts;

        Fields(GoSegmentReader.Frame frame, String type) {
            this.frame = frame;
            this.type = type;
        }

        /**
         * Takes the fields from the fast reader; false (and nothing taken that matters) if a value has
         * another JSON kind than its key needs, or a key no event has: the full parser then reads
         * the event and says what is wrong.
         */
        boolean takeFlat(FlatJson flat) {
            for (int i = 0; i < flat.size(); i++) {
                String key = flat.key(i);
                boolean string = flat.isString(i);
                switch (key) {
                    case "type", "operation", "account_address", "old_balance", "new_balance" -> {
                        if (!string) {
                            return false;
                        }
                        values.put(key, flat.text(i));
                    }
                    case "proto_data", "block_data" -> {
                        if (!string) {
                            return false;
                        }
                        binary.put(key, base64(frame, type, key, flat, i));
                    }
                    case "lsn", "nonce", "timestamp", "block_number" -> {
                        if (string) {
                            return false;
                        }
                        values.put(key, flat.text(i));
                    }
                    default -> {
                        return false;
                    }
                }
            }
            return true;
        }

        void putBinary(String key, byte[] value) {
            if (binary.put(key, value) != null) {
                throw fail("'" + key + "' appears twice");
            }
        }

        byte[] requireBinary(String key) {
            byte[] value = binary.get(key);
            if (value == null) {
                throw fail("'" + key + "' is missing");
            }
            return value;
        }

        void put(String key, String value) {
            if (values.put(key, value) != null) {
                throw fail("'" + key + "' appears twice");
            }
        }

        String require(String key) {
            String value = values.get(key);
            if (value == null) {
                throw fail("'" + key + "' is missing");
            }
            return value;
        }

        void onlyThese(String... keys) {
            List<String> allowed = List.of(keys);
            for (String key : binary.keySet()) {
                if (!allowed.contains(key)) {
                    throw fail("'" + key + "' does not belong in this event");
                }
            }
            for (String key : values.keySet()) {
                if (!allowed.contains(key)) {
                    throw fail("'" + key + "' does not belong in this event");
                }
            }
            if (accounts != null && !allowed.contains("accounts")) {
                throw fail("'accounts' does not belong in this event");
            }
        }

        long unsigned(String key) {
            String text = require(key);
            try {
                return Long.parseUnsignedLong(text);
            } catch (NumberFormatException e) {
                throw fail("'" + key + "' is not an unsigned 64-bit integer: " + text);
            }
        }

        long signed(String key) {
            String text = require(key);
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw fail("'" + key + "' is not a signed 64-bit integer: " + text);
            }
        }

        GoWalException fail(String problem) {
            return GoEntryDecoder.fail(frame, type + " event JSON: " + problem, null);
        }
    }
}
