package io.rockwal.core;

import java.util.Objects;

/**
 * Helpers for secondary keys ({@link EventCodec#indexKey}). Keys are byte strings compared as unsigned
 * bytes, so a number must be encoded big-endian to sort numerically: {@link #ofUnsignedLong(long)}.
 */
public final class IndexKeys {

    /** The longest key accepted. */
    public static final int MAX_KEY_BYTES = 1024;

    private IndexKeys() {}

    /** A number as an 8-byte big-endian key, so that keys sort as unsigned numbers. */
    public static byte[] ofUnsignedLong(long value) {
        byte[] key = new byte[Long.BYTES];
        for (int i = Long.BYTES - 1; i >= 0; i--) {
            key[i] = (byte) value;
            value >>>= 8;
        }
        return key;
    }

    /**
     * The number in an 8-byte key made by {@link #ofUnsignedLong(long)}.
     *
     * @throws NullPointerException if {@code key} is null; the message names it
     * @throws IllegalArgumentException if the key is not 8 bytes
     */
    public static long toUnsignedLong(byte[] key) {
        if (Objects.requireNonNull(key, "key").length != Long.BYTES) {
            throw new IllegalArgumentException("a number key has 8 bytes, this one " + key.length);
        }
        long value = 0;
        for (byte b : key) {
            value = (value << 8) | (b & 0xff);
        }
        return value;
    }

    /** Compares keys as unsigned byte strings, the order of key-range scans. */
    public static int compare(byte[] left, byte[] right) {
        return java.util.Arrays.compareUnsigned(left, right);
    }
}
