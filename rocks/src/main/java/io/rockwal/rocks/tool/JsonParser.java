package io.rockwal.rocks.tool;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON text (RFC 8259, strictly: no comments, no trailing commas, no leading zeros, no
 * duplicate keys, nothing after the value) into the values {@link Json} writes: {@code LinkedHashMap}
 * for objects (members in their order), {@code ArrayList}, {@code String}, {@code Boolean}, {@code null},
 * and {@link JsonNumber} for numbers, which keeps the number's text exactly so that nothing is rounded.
 * Nesting deeper than {@value #MAX_DEPTH} is refused.
 */
final class JsonParser {

    static final int MAX_DEPTH = 256;

    /**
     * A JSON number, kept as the text it was written with.
     *
     * @param text the number's text, valid JSON number syntax
     */
    record JsonNumber(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    private final String text;
    private int at;

    private JsonParser(String text) {
        this.text = text;
    }

    /**
     * Parses one JSON value, with optional whitespace around it.
     *
     * @throws IllegalArgumentException naming the offset of the first error
     */
    static Object parse(String text) {
        JsonParser parser = new JsonParser(text);
        parser.skipWhitespace();
        Object value = parser.value(0);
        parser.skipWhitespace();
        if (parser.at != text.length()) {
            throw parser.error("text follows the value");
        }
        return value;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH);
        }
        if (at >= text.length()) {
            throw error("the text ends where a value should be");
        }
        char c = text.charAt(at);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected character '" + printable(c) + "'");
            }
        };
    }

    private Map<String, Object> object(int depth) {
        Map<String, Object> object = new LinkedHashMap<>();
        at++;
        skipWhitespace();
        if (peek() == '}') {
            at++;
            return object;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a member name in quotes");
            }
            int nameAt = at;
            String name = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            Object value = value(depth + 1);
            if (object.containsKey(name)) {
                at = nameAt;
                throw error("duplicate member \"" + name + "\"");
            }
            object.put(name, value);
            skipWhitespace();
            char c = peek();
            at++;
            if (c == '}') {
                return object;
            }
            if (c != ',') {
                at--;
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> array(int depth) {
        List<Object> array = new ArrayList<>();
        at++;
        skipWhitespace();
        if (peek() == ']') {
            at++;
            return array;
        }
        while (true) {
            skipWhitespace();
            array.add(value(depth + 1));
            skipWhitespace();
            char c = peek();
            at++;
            if (c == ']') {
                return array;
            }
            if (c != ',') {
                at--;
                throw error("expected ',' or ']'");
            }
        }
    }

    private String string() {
        at++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (at >= text.length()) {
                throw error("the text ends inside a string");
            }
            char c = text.charAt(at++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                at--;
                throw error("control character in a string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (at >= text.length()) {
                throw error("the text ends inside an escape");
            }
            char escape = text.charAt(at++);
            switch (escape) {
                case '"', '\\', '/' -> out.append(escape);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.append(unicodeEscape());
                default -> {
                    at--;
                    throw error("unknown escape '\\" + printable(escape) + "'");
                }
            }
        }
    }

    private char unicodeEscape() {
        if (at + 4 > text.length()) {
            throw error("the text ends inside a \\u escape");
        }
        int code = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(at + i), 16);
            if (digit < 0) {
                throw error("\\u must be followed by four hex digits");
            }
            code = code * 16 + digit;
        }
        at += 4;
        return (char) code;
    }

    private JsonNumber number() {
        int start = at;
        if (peek() == '-') {
            at++;
        }
        if (peek() == '0') {
            at++;
        } else if (!digits()) {
            throw error("a number needs digits");
        }
        if (peek() == '.') {
            at++;
            if (!digits()) {
                throw error("a fraction needs digits");
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            at++;
            if (peek() == '+' || peek() == '-') {
                at++;
            }
            if (!digits()) {
                throw error("an exponent needs digits");
            }
        }
        return new JsonNumber(text.substring(start, at));
    }

    private boolean digits() {
        int start = at;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
        return at > start;
    }

    private Object literal(String word, Object value) {
        if (!text.startsWith(word, at)) {
            throw error("unexpected word");
        }
        at += word.length();
        return value;
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        at++;
    }

    /** The character at the cursor, or 0 at the end of the text. */
    private char peek() {
        return at < text.length() ? text.charAt(at) : 0;
    }

    private void skipWhitespace() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }

    private IllegalArgumentException error(String problem) {
        return new IllegalArgumentException("invalid JSON at offset " + at + ": " + problem);
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }
}
