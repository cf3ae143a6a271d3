package io.rockwal.rocks.tool;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.rockwal.core.Event;
import io.rockwal.core.Operation;
import io.rockwal.core.WalType;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * An event of a node's own class (one a provider's codec decodes) as JSON, with the conventions of the
 * standard events, so that it reads like them without the tool knowing the class. A record becomes an
 * object of its components in declaration order, read through their accessors:
 *
 * <pre>
 * long, BigInteger, BigDecimal    decimal string ("18446744073709551615": JSON numbers lose digits past 2^53)
 * int, short, byte                number
 * double, float                   number; NaN and the infinities as strings, as proto3's JSON mapping has them
 * boolean, String, char           as they are
 * byte[], ByteString              lowercase hex
 * Operation                       its wire name, as in the entry's own "operation"
 * WalType, other enums            name
 * protobuf message                the {@linkplain ProtoJson standard JSON mapping, bytes as hex}
 * record                          object, the same way
 * Collection, array               array
 * Map                             object keyed by the keys' text
 * Optional                        its value, or null
 * null                            null
 * anything else                   its toString() text
 * </pre>
 *
 * An event that is not a record, a component whose accessor fails, or nesting deeper than
 * {@value #MAX_DEPTH} is shown by its {@code toString()} text instead.
 */
final class NodeEventJson {

    static final int MAX_DEPTH = 32;

    private static final HexFormat HEX = HexFormat.of();

    private NodeEventJson() {}

    /**
     * The event as JSON.
     *
     * @throws InvalidProtocolBufferException if a protobuf message in it cannot be printed as JSON
     */
    static JsonElement toJson(Event event) throws InvalidProtocolBufferException {
        return value(event, 0);
    }

    private static JsonElement value(Object value, int depth) throws InvalidProtocolBufferException {
        if (value == null) {
            return JsonNull.INSTANCE;
        }
        if (depth > MAX_DEPTH) {
            return new JsonPrimitive(String.valueOf(value));
        }
        if (value instanceof Long || value instanceof BigInteger) {
            return new JsonPrimitive(value.toString());
        }
        if (value instanceof BigDecimal decimal) {
            return new JsonPrimitive(decimal.toString());
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            return Double.isFinite(number) ? new JsonPrimitive((Number) value) : new JsonPrimitive(value.toString());
        }
        if (value instanceof Number number) {
            return new JsonPrimitive(number);
        }
        if (value instanceof Boolean flag) {
            return new JsonPrimitive(flag);
        }
        if (value instanceof String || value instanceof Character) {
            return new JsonPrimitive(value.toString());
        }
        if (value instanceof byte[] bytes) {
            return new JsonPrimitive(HEX.formatHex(bytes));
        }
        if (value instanceof ByteString bytes) {
            return new JsonPrimitive(HEX.formatHex(bytes.toByteArray()));
        }
        if (value instanceof Operation operation) {
            return new JsonPrimitive(operation.wireName());
        }
        if (value instanceof WalType type) {
            return new JsonPrimitive(type.name());
        }
        if (value instanceof Enum<?> constant) {
            return new JsonPrimitive(constant.name());
        }
        if (value instanceof Message message) {
            return ProtoJson.toJson(message);
        }
        if (value instanceof Optional<?> optional) {
            return value(optional.orElse(null), depth + 1);
        }
        if (value instanceof Collection<?> collection) {
            JsonArray array = new JsonArray(collection.size());
            for (Object element : collection) {
                array.add(value(element, depth + 1));
            }
            return array;
        }
        if (value.getClass().isArray()) {
            int length = Array.getLength(value);
            JsonArray array = new JsonArray(length);
            for (int i = 0; i < length; i++) {
                array.add(value(Array.get(value, i), depth + 1));
            }
            return array;
        }
        if (value instanceof Map<?, ?> map) {
            JsonObject object = new JsonObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                object.add(String.valueOf(entry.getKey()), value(entry.getValue(), depth + 1));
            }
            return object;
        }
        if (value instanceof Record record) {
            return record(record, depth);
        }
        return new JsonPrimitive(value.toString());
    }

    private static JsonElement record(Record record, int depth) throws InvalidProtocolBufferException {
        JsonObject object = new JsonObject();
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            Method accessor = component.getAccessor();
            Object value;
            try {
                accessor.trySetAccessible(); // a record class the node keeps package-private
                value = accessor.invoke(record);
            } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
                return new JsonPrimitive(record.toString());
            }
            object.add(component.getName(), value(value, depth + 1));
        }
        return object;
    }
}
