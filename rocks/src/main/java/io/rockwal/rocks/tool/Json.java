package io.rockwal.rocks.tool;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes JSON text (RFC 8259) from plain Java values: {@code Map<String, ?>} (an object, in the map's
 * iteration order), {@code List<?>} (an array), {@code String}, {@code Boolean}, {@code null}, and
 * numbers: {@code Integer}, {@code Long}, {@code BigInteger}, {@code BigDecimal}, finite {@code Double},
 * or {@link JsonParser.JsonNumber} holding number text read from elsewhere.
 *
 * <p>The output is pure ASCII whatever the content: every character outside printable ASCII is written
 * as a {@code \}{@code uXXXX} escape (a character outside the Basic Multilingual Plane as its two
 * surrogate escapes), so it survives any terminal encoding. Quotes, backslashes and control characters
 * are escaped as well; nothing else is.
 */
final class Json {

    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

    private Json() {
    }

    /** The value on one line, without insignificant whitespace: one line of JSON Lines. */
    static String compact(Object value) {
        StringBuilder out = new StringBuilder(256);
        write(value, out, false, 0);
        return out.toString();
    }

    /** The value indented by two spaces per level, for people. */
    static String pretty(Object value) {
        StringBuilder out = new StringBuilder(512);
        write(value, out, true, 0);
        return out.toString();
    }

    /** Appends {@code text} as a JSON string, quotes included. */
    static void string(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        out.append(c);
                    } else {
                        out.append("\\u").append(HEX_DIGITS[c >> 12]).append(HEX_DIGITS[(c >> 8) & 0xf])
                                .append(HEX_DIGITS[(c >> 4) & 0xf]).append(HEX_DIGITS[c & 0xf]);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Writes a value at nesting {@code depth}, indented when {@code pretty}. */
    private static void write(Object value, StringBuilder out, boolean pretty, int depth) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String text) {
            string(text, out);
        } else if (value instanceof Boolean flag) {
            out.append(flag.booleanValue());
        } else if (value instanceof Map<?, ?> object) {
            writeObject(object, out, pretty, depth);
        } else if (value instanceof List<?> array) {
            writeArray(array, out, pretty, depth);
        } else if (value instanceof Number number) {
            out.append(numberText(number));
        } else if (value instanceof JsonParser.JsonNumber number) {
            out.append(number.text());
        } else {
            throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
        }
    }

    private static void writeObject(Map<?, ?> object, StringBuilder out, boolean pretty, int depth) {
        if (object.isEmpty()) {
            out.append("{}");
            return;
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> member : object.entrySet()) {
            if (!(member.getKey() instanceof String name)) {
                throw new IllegalArgumentException("JSON object keys are strings, not " + member.getKey());
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            newline(out, pretty, depth + 1);
            string(name, out);
            out.append(pretty ? ": " : ":");
            write(member.getValue(), out, pretty, depth + 1);
        }
        newline(out, pretty, depth);
        out.append('}');
    }

    private static void writeArray(List<?> array, StringBuilder out, boolean pretty, int depth) {
        if (array.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append('[');
        for (int i = 0; i < array.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            newline(out, pretty, depth + 1);
            write(array.get(i), out, pretty, depth + 1);
        }
        newline(out, pretty, depth);
        out.append(']');
    }

    private static void newline(StringBuilder out, boolean pretty, int depth) {
        if (pretty) {
            out.append('\n');
            out.append("  ".repeat(depth));
        }
    }

    private static String numberText(Number number) {
        if (number instanceof Integer || number instanceof Long || number instanceof BigInteger
                || number instanceof Short || number instanceof Byte) {
            return number.toString();
        }
        if (number instanceof Double || number instanceof Float) {
            double d = number.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("JSON has no number " + d);
            }
        }
        String text = number instanceof BigDecimal decimal ? decimal.toString() : number.toString();
        if (!NUMBER.matcher(text).matches()) {
            throw new IllegalArgumentException("not a JSON number: " + text);
        }
        return text;
    }
}
