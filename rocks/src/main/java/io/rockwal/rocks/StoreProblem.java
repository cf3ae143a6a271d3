package io.rockwal.rocks;

import io.rockwal.core.EventLogCorruptedException;
import java.util.HexFormat;

/**
 * One problem {@link RocksEventLogReader#verify} found.
 *
 * @param columnFamily where it is, or null when no column family holds it (an LSN no type holds)
 * @param lsn the LSN it concerns, or {@link EventLogCorruptedException#UNKNOWN_LSN}
 * @param key the raw key when it holds no LSN (a key of the wrong length), or null
 * @param description what is wrong, naming the format invariant it breaks where it helps
 */
public record StoreProblem(String columnFamily, long lsn, byte[] key, String description) {

    /**
     * Where the problem is, for one line of a report: {@code wal:pots LSN 5}, {@code - LSN 12} when no
     * column family holds it, {@code wal:pots key 00000000000001 (7 bytes)} when the key holds no LSN.
     */
    public String location() {
        StringBuilder where = new StringBuilder(columnFamily == null ? "-" : columnFamily);
        if (lsn != EventLogCorruptedException.UNKNOWN_LSN) {
            where.append(" LSN ").append(lsn);
        } else if (key != null) {
            where.append(" key ")
                    .append(HexFormat.of().formatHex(key))
                    .append(" (")
                    .append(key.length)
                    .append(" bytes)");
        }
        return where.toString();
    }
}
