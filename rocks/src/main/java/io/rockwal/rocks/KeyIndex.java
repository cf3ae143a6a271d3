package io.rockwal.rocks;

import io.rockwal.core.EventLogCorruptedException;
import io.rockwal.core.WalType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The one place that encodes and parses the secondary-key index, column family {@value #COLUMN_FAMILY},
 * whose key layout (type name, escaped secondary key, LSN) is format invariant 10 of the
 * {@linkplain io.rockwal.rocks package documentation}. The escaping makes bytewise order of index keys
 * the unsigned order of secondary keys, then LSN order, and keeps one type's entries in one range.
 */
final class KeyIndex {

    static final String COLUMN_FAMILY = "rockwal:keys";

    private static final byte[] END_OF_KEY = {0x00, 0x01};

    private KeyIndex() {}

    static byte[] entry(WalType type, byte[] key, long lsn) {
        byte[] entry = new byte[encodedLength(type, key) + LsnKeys.KEY_LENGTH];
        int at = writePrefix(entry, type, key);
        for (int i = LsnKeys.KEY_LENGTH - 1; i >= 0; i--) {
            entry[at + i] = (byte) lsn;
            lsn >>>= 8;
        }
        return entry;
    }

    /** The first index key of a secondary key (inclusive bound). */
    static byte[] from(WalType type, byte[] key) {
        byte[] from = new byte[encodedLength(type, key)];
        writePrefix(from, type, key);
        return from;
    }

    /** The index key just past every entry of a secondary key (exclusive bound). */
    static byte[] after(WalType type, byte[] key) {
        byte[] from = from(type, key);
        from[from.length - 1] = 0x02;
        return from;
    }

    /** The first index key of the type. */
    static byte[] typeStart(WalType type) {
        byte[] name = type.name().getBytes(StandardCharsets.US_ASCII);
        return Arrays.copyOf(name, name.length + 1);
    }

    /** The index key just past every entry of the type. */
    static byte[] typeEnd(WalType type) {
        byte[] end = typeStart(type);
        end[end.length - 1] = 0x01;
        return end;
    }

    /**
     * The name of the type an index key belongs to: its bytes before the first 00.
     *
     * @throws EventLogCorruptedException if the key holds no 00 byte
     */
    static String typeName(byte[] indexKey) {
        for (int i = 0; i < indexKey.length; i++) {
            if (indexKey[i] == 0) {
                return new String(indexKey, 0, i, StandardCharsets.US_ASCII);
            }
        }
        throw corrupted("index key of " + indexKey.length + " bytes holds no type name ending in 00", indexKey);
    }

    /**
     * The LSN an index key points at.
     *
     * @throws EventLogCorruptedException if the key is too short to hold an LSN after the end of its
     *     secondary key, or holds an LSN below 1
     */
    static long lsn(byte[] indexKey) {
        int end = indexKey.length - LsnKeys.KEY_LENGTH - END_OF_KEY.length;
        if (end < 0 || indexKey[end] != END_OF_KEY[0] || indexKey[end + 1] != END_OF_KEY[1]) {
            throw corrupted("index key of " + indexKey.length + " bytes does not end with 00 01 and an LSN", indexKey);
        }
        return LsnKeys.decode(
                Arrays.copyOfRange(indexKey, indexKey.length - LsnKeys.KEY_LENGTH, indexKey.length), COLUMN_FAMILY);
    }

    /**
     * The secondary key held in an index key of the given type.
     *
     * @throws EventLogCorruptedException if the key does not start with the type's name and 00, if a
     *     00 byte of the secondary key is not followed by FF, or if it does not end with 00 01 and an LSN
     */
    static byte[] secondaryKey(WalType type, byte[] indexKey) {
        byte[] typeStart = typeStart(type);
        int at = typeStart.length;
        int end = indexKey.length - LsnKeys.KEY_LENGTH - END_OF_KEY.length;
        if (end < at || !Arrays.equals(indexKey, 0, at, typeStart, 0, at)) {
            throw corrupted(
                    "index key of " + indexKey.length + " bytes does not start with type " + type + " and hold an LSN",
                    indexKey);
        }
        if (indexKey[end] != END_OF_KEY[0] || indexKey[end + 1] != END_OF_KEY[1]) {
            throw corrupted("secondary key in the index key does not end with 00 01", indexKey);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(end - at);
        while (at < end) {
            byte b = indexKey[at++];
            out.write(b);
            if (b == 0) {
                if (at == end || indexKey[at] != (byte) 0xff) {
                    throw corrupted(
                            "00 byte at offset " + (at - 1) + " of the index key is not escaped as 00 FF", indexKey);
                }
                at++;
            }
        }
        return out.toByteArray();
    }

    private static EventLogCorruptedException corrupted(String problem, byte[] indexKey) {
        return new EventLogCorruptedException(
                problem, COLUMN_FAMILY, EventLogCorruptedException.UNKNOWN_LSN, indexKey, null);
    }

    /** Bytes of type name, 00, escaped key and 00 01. */
    private static int encodedLength(WalType type, byte[] key) {
        int zeros = 0;
        for (byte b : key) {
            if (b == 0) {
                zeros++;
            }
        }
        return type.name().length() + 1 + key.length + zeros + END_OF_KEY.length;
    }

    /** Writes type name, 00, escaped key and 00 01 at the start of {@code out}; returns the length written. */
    private static int writePrefix(byte[] out, WalType type, byte[] key) {
        String name = type.name();
        int at = 0;
        for (int i = 0; i < name.length(); i++) {
            out[at++] = (byte) name.charAt(i);
        }
        out[at++] = 0x00;
        for (byte b : key) {
            out[at++] = b;
            if (b == 0) {
                out[at++] = (byte) 0xff;
            }
        }
        out[at++] = END_OF_KEY[0];
        out[at++] = END_OF_KEY[1];
        return at;
    }
}
