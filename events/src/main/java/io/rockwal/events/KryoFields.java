package io.rockwal.events;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.rockwal.core.EventLog;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The field encodings of the Kryo serializers, with the limits that make reading untrusted bytes safe.
 *
 * <p>A string is a varint byte count followed by that many bytes of well-formed UTF-8; a byte array is
 * a varint length followed by the bytes. Every length or count read is checked against the bytes left
 * in the input and against {@link EventLog#MAX_PAYLOAD_BYTES} before anything is allocated, so a corrupt
 * length fails at once instead of asking for gigabytes. The inputs must be buffer-backed (no stream), so
 * that what is left is known.
 *
 * <p>Kryo's own {@code readString} is not used: it allocates what the stored character count asks for
 * before it reads, and it replaces malformed text silently.
 */
final class KryoFields {

    private KryoFields() {}

    /** Writes a string as a length-prefixed UTF-8 byte sequence. */
    static void writeString(Output output, String value, String field) {
        byte[] utf8 = encodeUtf8(value, field);
        output.writeVarInt(utf8.length, true);
        output.writeBytes(utf8);
    }

    /** Reads what {@link #writeString} wrote; fails on a bad length or malformed UTF-8. */
    static String readString(Input input, String field) {
        int length = readLength(input, 1, field);
        byte[] utf8 = input.readBytes(length);
        return decodeUtf8(utf8, field);
    }

    /** Writes a byte array as a length-prefixed byte sequence. */
    static void writeBytes(Output output, byte[] value) {
        output.writeVarInt(value.length, true);
        output.writeBytes(value);
    }

    /** Reads what {@link #writeBytes} wrote; fails on a bad length. */
    static byte[] readBytes(Input input, String field) {
        return input.readBytes(readLength(input, 1, field));
    }

    /**
     * Reads a varint element count (or byte length) and checks that {@code count * minBytesEach} bytes
     * are left, so that a list sized by it cannot be larger than the input could fill.
     *
     * @throws KryoException if the count is negative or more than the remaining bytes can hold
     */
    static int readLength(Input input, int minBytesEach, String field) {
        int count = input.readVarInt(true);
        long needed = (long) count * minBytesEach;
        int remaining = input.limit() - input.position();
        if (count < 0 || needed > remaining || needed > EventLog.MAX_PAYLOAD_BYTES) {
            throw new KryoException(field + " claims " + Integer.toUnsignedString(count) + " elements of at least "
                    + minBytesEach + " bytes, but only " + remaining + " bytes are left");
        }
        return count;
    }

    /** Fails unless the format version byte is the one supported. */
    static void checkVersion(Input input, int supported, String record) {
        int found = input.readByteUnsigned();
        if (found != supported) {
            throw new KryoException(
                    record + " has format version " + found + ", this build reads version " + supported);
        }
    }

    private static byte[] encodeUtf8(String value, String field) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isSurrogate(value.charAt(i))) {
                return encodeUtf8Strictly(value, field);
            }
        }
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** {@link String#getBytes} would turn a lone surrogate into '?' and break the round trip: refuse it. */
    private static byte[] encodeUtf8Strictly(String value, String field) {
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8
                    .newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(value));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new KryoException(field + " is not well-formed UTF-16 (a lone surrogate)", e);
        }
    }

    private static String decodeUtf8(byte[] utf8, String field) {
        for (byte b : utf8) {
            if (b < 0) {
                return decodeUtf8Strictly(utf8, field);
            }
        }
        return new String(utf8, StandardCharsets.US_ASCII);
    }

    private static String decodeUtf8Strictly(byte[] utf8, String field) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new KryoException(field + " is not well-formed UTF-8", e);
        }
    }
}
