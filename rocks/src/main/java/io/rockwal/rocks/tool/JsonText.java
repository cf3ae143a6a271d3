package io.rockwal.rocks.tool;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;

/**
 * JSON text to and from Gson's {@link JsonElement} trees, the values every command builds its output
 * from.
 *
 * <p>Writing is Gson's {@link JsonWriter} with HTML-safe escaping off, so {@code < > & = '} stay as
 * they are, followed by one pass that writes every character from U+007F up as a {@code \}{@code uXXXX}
 * escape (lowercase hex; a character outside the Basic Multilingual Plane as its two surrogates): the
 * output is pure ASCII and survives any terminal encoding. JsonWriter itself escapes quotes,
 * backslashes, control characters and U+2028/U+2029, and writes numbers as their text, so a long
 * beyond 2^53, or a number parsed by {@link #parse}, is printed exactly.
 *
 * <p>Parsing is Gson's {@link JsonReader} in {@link Strictness#STRICT} mode, which accepts RFC 8259
 * and nothing else (no comments, unquoted names, trailing commas, leading zeros, control characters
 * inside strings; {@code JsonParser.parseString} would turn lenient mode on). Numbers keep their
 * text, and objects and arrays nested more than {@value #MAX_NESTING} deep are refused (block data is
 * whatever a node wrote). This class builds the objects and arrays itself, because Gson's tree adapter
 * keeps the last of two members with the same name, which would hide a member of a block's JSON: a
 * duplicate name is refused instead.
 */
final class JsonText {

    /** The most objects and arrays that {@link #parse} accepts inside one another. */
    static final int MAX_NESTING = 256;

    private static final Gson GSON = new Gson();
    private static final TypeAdapter<JsonElement> ELEMENT = GSON.getAdapter(JsonElement.class);
    private static final HexFormat HEX = HexFormat.of();

    private JsonText() {}

    /** Strings or numbers as a JSON array, in the collection's order, through Gson's adapters for them. */
    static JsonElement tree(Collection<?> values) {
        return GSON.toJsonTree(values);
    }

    /** A map from strings to strings or numbers as a JSON object, in the map's order. */
    static JsonElement tree(Map<String, ?> values) {
        return GSON.toJsonTree(values);
    }

    /** The value on one line, without insignificant whitespace: one line of JSON Lines. */
    static String compact(JsonElement value) {
        return write(value, "");
    }

    /** The value indented by two spaces per level, with {@code ": "} after member names, for people. */
    static String pretty(JsonElement value) {
        return write(value, "  ");
    }

    /**
     * Parses one JSON value, with optional whitespace around it and nothing else.
     *
     * @throws IllegalArgumentException saying where the text is not JSON
     */
    static JsonElement parse(String text) {
        try (JsonReader reader = new JsonReader(new StringReader(text))) {
            reader.setStrictness(Strictness.STRICT);
            reader.setNestingLimit(MAX_NESTING);
            JsonElement value = read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new IllegalArgumentException("invalid JSON: text follows the value at " + reader.getPath());
            }
            return value;
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getMessage(), e);
        }
    }

    private static JsonElement read(JsonReader reader) throws IOException {
        JsonToken token = reader.peek();
        if (token == JsonToken.BEGIN_OBJECT) {
            JsonObject object = new JsonObject();
            reader.beginObject();
            while (reader.hasNext()) {
                String name = reader.nextName();
                if (object.has(name)) {
                    throw new IllegalArgumentException("invalid JSON: duplicate member at " + reader.getPath());
                }
                object.add(name, read(reader));
            }
            reader.endObject();
            return object;
        }
        if (token == JsonToken.BEGIN_ARRAY) {
            JsonArray array = new JsonArray();
            reader.beginArray();
            while (reader.hasNext()) {
                array.add(read(reader));
            }
            reader.endArray();
            return array;
        }
        return ELEMENT.read(reader); // a string, number (kept as its text), true, false or null
    }

    private static String write(JsonElement value, String indent) {
        StringWriter text = new StringWriter(256);
        JsonWriter writer = new JsonWriter(text);
        writer.setIndent(indent);
        writer.setHtmlSafe(false);
        writer.setSerializeNulls(true);
        try {
            ELEMENT.write(writer, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return asciiOnly(text.toString());
    }

    /** Escapes every character from U+007F up; JsonWriter has already escaped everything below. */
    private static String asciiOnly(String json) {
        int first = 0;
        while (first < json.length() && json.charAt(first) < 0x7f) {
            first++;
        }
        if (first == json.length()) {
            return json;
        }
        StringBuilder out = new StringBuilder(json.length() + 32).append(json, 0, first);
        for (int i = first; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c < 0x7f) {
                out.append(c);
            } else {
                out.append("\\u").append(HEX.toHexDigits(c));
            }
        }
        return out.toString();
    }
}
