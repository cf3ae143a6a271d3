package io.rockwal.rocks;

import io.rockwal.core.EventLogCorruptedException;

/**
 * The one place that encodes and decodes entry keys, as format invariant 2 of the
 * {@linkplain io.rockwal.rocks package documentation} says: an LSN as 8 bytes, big-endian, so that
 * RocksDB's bytewise order is LSN order.
 */
final class LsnKeys {

    static final int KEY_LENGTH = 8;

    private LsnKeys() {}

    static byte[] encode(long lsn) {
        byte[] key = new byte[KEY_LENGTH];
        for (int i = KEY_LENGTH - 1; i >= 0; i--) {
            key[i] = (byte) lsn;
            lsn >>>= 8;
        }
        return key;
    }

    /**
     * Decodes a stored key.
     *
     * @throws EventLogCorruptedException if the key is not 8 bytes or holds an LSN below 1
     */
    static long decode(byte[] key, String columnFamily) {
        if (key.length != KEY_LENGTH) {
            throw new EventLogCorruptedException(
                    "key of " + key.length + " bytes, entry keys are " + KEY_LENGTH,
                    columnFamily,
                    EventLogCorruptedException.UNKNOWN_LSN,
                    key,
                    null);
        }
        long lsn = 0;
        for (byte b : key) {
            lsn = (lsn << 8) | (b & 0xff);
        }
        if (lsn < 1) {
            throw new EventLogCorruptedException(
                    "key holds LSN " + lsn + ", LSNs start at 1",
                    columnFamily,
                    EventLogCorruptedException.UNKNOWN_LSN,
                    key,
                    null);
        }
        return lsn;
    }
}
