package io.rockwal.rocks.goimport;

import java.nio.charset.StandardCharsets;

/**
 * A fast reader for the one shape nearly every Go record has: a flat JSON object whose values are
 * strings without escapes or integers, written without spaces (Go's {@code encoding/json}). It finds
 * each value's bytes in place, so that a base64 value is decoded straight from the record, without a
 * string of it. {@link #parse} returns null for anything else (an escape, a nested value, spaces,
 * another number form), and the caller reads the record with a full JSON parser instead, which also
 * says what is wrong with it if anything is: this reader never decides that a record is bad.
 */
final class FlatJson {

    private static final int MAX_KEYS = 16;

    private final byte[] bytes;
    private final String[] keys = new String[MAX_KEYS];
    private final int[] starts = new int[MAX_KEYS];
    private final int[] ends = new int[MAX_KEYS];
    private final boolean[] strings = new boolean[MAX_KEYS];
    private int size;

    private FlatJson(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The object in {@code bytes}, or null if it is not of the simple shape. */
    static FlatJson parse(byte[] bytes) {
        FlatJson json = new FlatJson(bytes);
        int at = 0;
        int n = bytes.length;
        if (n < 2 || bytes[at++] != '{') {
            return null;
        }
        if (bytes[at] == '}') {
            return at + 1 == n ? json : null;
        }
        while (true) {
            if (json.size == MAX_KEYS || at >= n || bytes[at++] != '"') {
                return null;
            }
            int keyStart = at;
            at = endOfString(bytes, at);
            if (at < 0 || at + 1 >= n || bytes[at + 1] != ':') {
                return null;
            }
            String key = new String(bytes, keyStart, at - keyStart, StandardCharsets.UTF_8);
            at += 2;
            int valueStart;
            int valueEnd;
            boolean string = at < n && bytes[at] == '"';
            if (string) {
                valueStart = at + 1;
                valueEnd = endOfString(bytes, valueStart);
                if (valueEnd < 0) {
                    return null;
                }
                at = valueEnd + 1;
            } else {
                valueStart = at;
                if (at < n && bytes[at] == '-') {
                    at++;
                }
                int digits = at;
                while (at < n && bytes[at] >= '0' && bytes[at] <= '9') {
                    at++;
                }
                if (at == digits || (at - digits > 1 && bytes[digits] == '0')) {
                    return null;
                }
                valueEnd = at;
            }
            for (int i = 0; i < json.size; i++) {
                if (json.keys[i].equals(key)) {
                    return null; // a duplicate: the full parser says so
                }
            }
            json.keys[json.size] = key;
            json.starts[json.size] = valueStart;
            json.ends[json.size] = valueEnd;
            json.strings[json.size] = string;
            json.size++;
            if (at >= n) {
                return null;
            }
            byte next = bytes[at++];
            if (next == '}') {
                return at == n ? json : null;
            }
            if (next != ',') {
                return null;
            }
        }
    }

    /** Bytes that end the fast reading of a string: the quote, the backslash and the control bytes. */
    private static final boolean[] STOPS = new boolean[256];

    static {
        for (int b = 0; b < 0x20; b++) {
            STOPS[b] = true;
        }
        STOPS['"'] = true;
        STOPS['\\'] = true;
    }

    /** The index of the closing quote of a string starting at {@code from}, or -1 if it has an escape or control byte. */
    private static int endOfString(byte[] bytes, int from) {
        int at = from;
        while (at < bytes.length && !STOPS[bytes[at] & 0xff]) {
            at++;
        }
        return at < bytes.length && bytes[at] == '"' ? at : -1;
    }

    byte[] bytes() {
        return bytes;
    }

    int size() {
        return size;
    }

    String key(int i) {
        return keys[i];
    }

    boolean isString(int i) {
        return strings[i];
    }

    /** The value's text: a string's content, or a number as written. */
    String text(int i) {
        return new String(bytes, starts[i], ends[i] - starts[i], StandardCharsets.UTF_8);
    }

    int start(int i) {
        return starts[i];
    }

    int length(int i) {
        return ends[i] - starts[i];
    }
}
