package io.rockwal.events;

import io.rockwal.core.Event;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The bytes the original Go log stores for an event, rebuilt by hand for size comparisons: the event is
 * marshalled with {@code encoding/json} (BaseEvent's {@code type}, {@code lsn}, {@code operation} first,
 * then the event's own fields; {@code []byte} as standard base64 with padding; protobuf payloads as base64
 * in {@code proto_data}), and that JSON is base64-encoded again into the {@code data} field of the entry's
 * JSON {@code {"type","data","lsn","timestamp"}}. tidwall/wal's own framing (a length varint per entry)
 * is left out.
 */
final class OriginalJsonEncoding {

    private OriginalJsonEncoding() {}

    /** The stored entry: the event JSON, base64-encoded inside the entry JSON. */
    static byte[] entry(Event event, long lsn, long timestampNanos) {
        String data = Base64.getEncoder().encodeToString(event(event, lsn));
        return ("{\"type\":" + string(event.type().name()) + ",\"data\":\"" + data + "\",\"lsn\":"
                        + Long.toUnsignedString(lsn) + ",\"timestamp\":" + timestampNanos + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The event's own JSON. */
    static byte[] event(Event event, long lsn) {
        StringBuilder json = new StringBuilder("{\"type\":")
                .append(string(event.type().name()))
                .append(",\"lsn\":")
                .append(Long.toUnsignedString(lsn))
                .append(",\"operation\":")
                .append(string(event.operation().wireName()));
        if (event instanceof HeaderSyncEvent e) {
            protoData(json, e.response().toByteArray());
        } else if (event instanceof MerkleSyncEvent e) {
            protoData(json, e.message().toByteArray());
        } else if (event instanceof PriorSyncEvent e) {
            protoData(json, e.message().toByteArray());
        } else if (event instanceof DataSyncEvent e) {
            protoData(json, e.response().toByteArray());
        } else if (event instanceof AccountSyncEvent e) {
            protoData(json, e.response().toByteArray());
        } else if (event instanceof ReconciliationEvent e) {
            json.append(",\"account_address\":")
                    .append(string(e.accountAddress()))
                    .append(",\"old_balance\":")
                    .append(string(e.oldBalance()))
                    .append(",\"new_balance\":")
                    .append(string(e.newBalance()))
                    .append(",\"nonce\":")
                    .append(Long.toUnsignedString(e.nonce()))
                    .append(",\"timestamp\":")
                    .append(e.timestamp());
        } else if (event instanceof ReconciliationBatchEvent e) {
            json.append(",\"accounts\":[");
            for (int i = 0; i < e.accounts().size(); i++) {
                ReconciliationBatchEntry account = e.accounts().get(i);
                json.append(i == 0 ? "" : ",")
                        .append("{\"a\":")
                        .append(string(account.accountAddress()))
                        .append(",\"b\":")
                        .append(string(account.newBalance()))
                        .append(",\"n\":")
                        .append(Long.toUnsignedString(account.nonce()))
                        .append('}');
            }
            json.append("],\"timestamp\":").append(e.timestamp());
        } else if (event instanceof PoTSBlockEvent e) {
            json.append(",\"block_number\":")
                    .append(Long.toUnsignedString(e.blockNumber()))
                    .append(",\"block_data\":\"")
                    .append(Base64.getEncoder().encodeToString(e.blockData()))
                    .append("\",\"timestamp\":")
                    .append(e.timestamp());
        } else {
            throw new IllegalArgumentException("not a standard event: " + event.getClass());
        }
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void protoData(StringBuilder json, byte[] proto) {
        json.append(",\"proto_data\":\"")
                .append(Base64.getEncoder().encodeToString(proto))
                .append('"');
    }

    /** A JSON string as Go's encoder writes it, HTML-safe escapes included. */
    static String string(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
