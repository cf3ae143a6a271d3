package io.rockwal.core;

import java.util.HexFormat;

/**
 * Stored data broke the on-disk format or failed a checksum. Corrupted data is never returned as if it
 * were valid, and never skipped silently: the read that found it throws this.
 */
public final class EventLogCorruptedException extends EventLogException {

    private static final long serialVersionUID = 1L;

    /** Value of {@link #lsn()} when the corruption could not be tied to one LSN. */
    public static final long UNKNOWN_LSN = -1;

    private final String columnFamily;
    private final long lsn;
    private final byte[] key;

    /**
     * @param problem what is wrong
     * @param columnFamily where it was found (a type name or the store's metadata family), may be null
     * @param lsn the entry's LSN, or {@link #UNKNOWN_LSN}
     * @param key the raw key, may be null
     * @param cause the underlying failure, may be null
     */
    public EventLogCorruptedException(String problem, String columnFamily, long lsn, byte[] key, Throwable cause) {
        super(describe(problem, columnFamily, lsn, key), cause);
        this.columnFamily = columnFamily;
        this.lsn = lsn;
        this.key = key == null ? null : key.clone();
    }

    /** The column family (type name or the store's own) where the problem was found, or null. */
    public String columnFamily() {
        return columnFamily;
    }

    /**
     * The LSN of the corrupted entry, or {@link #UNKNOWN_LSN}. When damaged storage stops an
     * iteration (a replay, scan or cursor) before the entry itself can be read, it is the first LSN
     * the iteration could not deliver; everything before it was delivered.
     */
    public long lsn() {
        return lsn;
    }

    /** A copy of the raw key, or null when not known. */
    public byte[] key() {
        return key == null ? null : key.clone();
    }

    private static String describe(String problem, String columnFamily, long lsn, byte[] key) {
        StringBuilder message = new StringBuilder("corrupted event log: ").append(problem);
        if (columnFamily != null) {
            message.append(" (column family '").append(columnFamily).append('\'');
            if (lsn != UNKNOWN_LSN) {
                message.append(", LSN ").append(lsn);
            }
            if (key != null) {
                message.append(", key ").append(HexFormat.of().formatHex(key));
            }
            message.append(')');
        } else if (lsn != UNKNOWN_LSN) {
            message.append(" (LSN ").append(lsn).append(')');
        }
        return message.toString();
    }
}
