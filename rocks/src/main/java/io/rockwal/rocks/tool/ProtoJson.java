package io.rockwal.rocks.tool;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A protobuf message as JSON values for {@link Json}: the standard proto3 JSON mapping as
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

    private ProtoJson() {
    }

    /**
     * The message as JSON values.
     *
     * @throws InvalidProtocolBufferException if JsonFormat cannot print it (a well-known type holding a
     *     value JSON cannot represent)
     */
    static Object toJson(Message message) throws InvalidProtocolBufferException {
        return withHexBytes(message, JsonParser.parse(PRINTER.print(message)));
    }

    private static Object withHexBytes(Message message, Object json) {
        Descriptor type = message.getDescriptorForType();
        String typeName = type.getFullName();
        if (typeName.equals("google.protobuf.BytesValue")) {
            return hex((ByteString) message.getField(type.findFieldByName("value")));
        }
        if (typeName.startsWith("google.protobuf.") || !(json instanceof Map<?, ?> object)) {
            return json;
        }
        Map<String, FieldDescriptor> fields = new HashMap<>();
        for (FieldDescriptor field : type.getFields()) {
            fields.put(field.getJsonName(), field);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> member : object.entrySet()) {
            String name = (String) member.getKey();
            FieldDescriptor field = fields.get(name);
            out.put(name, field == null ? member.getValue() : fieldValue(message, field, member.getValue()));
        }
        if (message.getUnknownFields().getSerializedSize() > 0) {
            out.put(UNKNOWN_FIELDS, hex(message.getUnknownFields().toByteString()));
        }
        return out;
    }

    private static Object fieldValue(Message message, FieldDescriptor field, Object json) {
        if (field.isMapField()) {
            return mapValue(message, field, json);
        }
        if (field.isRepeated() && json instanceof List<?> array) {
            List<Object> out = new java.util.ArrayList<>(array.size());
            for (int i = 0; i < array.size(); i++) {
                out.add(singleValue(field, message.getRepeatedField(field, i), array.get(i)));
            }
            return out;
        }
        return singleValue(field, message.getField(field), json);
    }

    private static Object singleValue(FieldDescriptor field, Object value, Object json) {
        return switch (field.getJavaType()) {
            case BYTE_STRING -> hex((ByteString) value);
            case MESSAGE -> withHexBytes((Message) value, json);
            default -> json;
        };
    }

    /** A map field is a JSON object keyed by the entries' keys as text; only bytes and message values change. */
    private static Object mapValue(Message message, FieldDescriptor field, Object json) {
        FieldDescriptor keyField = field.getMessageType().findFieldByName("key");
        FieldDescriptor valueField = field.getMessageType().findFieldByName("value");
        FieldDescriptor.JavaType valueType = valueField.getJavaType();
        if ((valueType != FieldDescriptor.JavaType.BYTE_STRING && valueType != FieldDescriptor.JavaType.MESSAGE)
                || !(json instanceof Map<?, ?> object)) {
            return json;
        }
        Map<String, Message> entries = new HashMap<>();
        for (Object entry : (List<?>) message.getField(field)) {
            Message mapEntry = (Message) entry;
            entries.put(keyText(keyField, mapEntry.getField(keyField)), mapEntry);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> member : object.entrySet()) {
            String key = (String) member.getKey();
            Message entry = entries.get(key);
            out.put(key, entry == null ? member.getValue()
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

    private static String hex(ByteString bytes) {
        return HEX.formatHex(bytes.toByteArray());
    }
}
