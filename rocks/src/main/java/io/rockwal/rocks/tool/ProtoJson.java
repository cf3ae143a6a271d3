package io.rockwal.rocks.tool;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A protobuf message as JSON: the standard proto3 JSON mapping as
 * {@link JsonFormat} prints it (lowerCamelCase field names, 64-bit integers as strings, enums by name,
 * fields at their default value left out, {@code google.protobuf.Struct} and the other well-known types
 * in their own forms), with one change: {@code bytes} fields are lowercase hex rather than base64,
 * because in these payloads they hold hashes, addresses and big-endian numbers. The message's
 * descriptor, walked beside JsonFormat's output, says which fields are bytes; the hex is made from the
 * message's own bytes, not from the base64.
 *
 * <p>JsonFormat drops fields the schema does not know. So that a debugging tool does not hide them, a
 * message with unknown fields gets one more member, {@value #UNKNOWN_FIELDS}, holding their wire
 * bytes in hex (no proto field's JSON name can contain {@code @}).
 */
final class ProtoJson {

    static final String UNKNOWN_FIELDS = "@unknownFields";

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final HexFormat HEX = HexFormat.of();

    private ProtoJson() {}

    /**
     * The message as JSON.
     *
     * @throws InvalidProtocolBufferException if JsonFormat cannot print it (a well-known type holding a
     *     value JSON cannot represent)
     */
    static JsonElement toJson(Message message) throws InvalidProtocolBufferException {
        return withHexBytes(message, JsonText.parse(PRINTER.print(message)));
    }

    private static JsonElement withHexBytes(Message message, JsonElement json) {
        Descriptor type = message.getDescriptorForType();
        String typeName = type.getFullName();
        if (typeName.equals("google.protobuf.BytesValue")) {
            return hex((ByteString) message.getField(type.findFieldByName("value")));
        }
        if (typeName.startsWith("google.protobuf.") || !json.isJsonObject()) {
            return json;
        }
        Map<String, FieldDescriptor> fields = new HashMap<>();
        for (FieldDescriptor field : type.getFields()) {
            fields.put(field.getJsonName(), field);
        }
        JsonObject out = new JsonObject();
        for (Map.Entry<String, JsonElement> member : json.getAsJsonObject().entrySet()) {
            FieldDescriptor field = fields.get(member.getKey());
            out.add(member.getKey(), field == null ? member.getValue() : fieldValue(message, field, member.getValue()));
        }
        if (message.getUnknownFields().getSerializedSize() > 0) {
            out.add(UNKNOWN_FIELDS, hex(message.getUnknownFields().toByteString()));
        }
        return out;
    }

    private static JsonElement fieldValue(Message message, FieldDescriptor field, JsonElement json) {
        if (field.isMapField()) {
            return mapValue(message, field, json);
        }
        if (field.isRepeated() && json.isJsonArray()) {
            JsonArray array = json.getAsJsonArray();
            JsonArray out = new JsonArray(array.size());
            for (int i = 0; i < array.size(); i++) {
                out.add(singleValue(field, message.getRepeatedField(field, i), array.get(i)));
            }
            return out;
        }
        return singleValue(field, message.getField(field), json);
    }

    private static JsonElement singleValue(FieldDescriptor field, Object value, JsonElement json) {
        return switch (field.getJavaType()) {
            case BYTE_STRING -> hex((ByteString) value);
            case MESSAGE -> withHexBytes((Message) value, json);
            default -> json;
        };
    }

    /** A map field is a JSON object keyed by the entries' keys as text; only bytes and message values change. */
    private static JsonElement mapValue(Message message, FieldDescriptor field, JsonElement json) {
        FieldDescriptor keyField = field.getMessageType().findFieldByName("key");
        FieldDescriptor valueField = field.getMessageType().findFieldByName("value");
        FieldDescriptor.JavaType valueType = valueField.getJavaType();
        if ((valueType != FieldDescriptor.JavaType.BYTE_STRING && valueType != FieldDescriptor.JavaType.MESSAGE)
                || !json.isJsonObject()) {
            return json;
        }
        Map<String, Message> entries = new HashMap<>();
        for (Object entry : (List<?>) message.getField(field)) {
            Message mapEntry = (Message) entry;
            entries.put(keyText(keyField, mapEntry.getField(keyField)), mapEntry);
        }
        JsonObject out = new JsonObject();
        for (Map.Entry<String, JsonElement> member : json.getAsJsonObject().entrySet()) {
            Message entry = entries.get(member.getKey());
            out.add(
                    member.getKey(),
                    entry == null
                            ? member.getValue()
                            : singleValue(valueField, entry.getField(valueField), member.getValue()));
        }
        return out;
    }

    /** A map key as JsonFormat writes it: unsigned types without sign, everything else as its text. */
    private static String keyText(FieldDescriptor keyField, Object key) {
        return switch (keyField.getType()) {
            case UINT32, FIXED32 -> Integer.toUnsignedString((Integer) key);
            case UINT64, FIXED64 -> Long.toUnsignedString((Long) key);
            default -> String.valueOf(key);
        };
    }

    private static JsonPrimitive hex(ByteString bytes) {
        return new JsonPrimitive(HEX.formatHex(bytes.toByteArray()));
    }
}
