package io.rockwal.rocks;

import io.rockwal.core.EventCodec;
import io.rockwal.core.EventLogCorruptedException;
import io.rockwal.core.IncompatibleFormatException;
import io.rockwal.core.Operation;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;

/**
 * The one place that encodes and decodes entry values (format invariant 5):
 *
 * <pre>
 * byte 0      value format version, 1
 * byte 1      operation code (table below)
 * varint      codec id, 1..65535            (1 to 3 bytes)
 * varint      timestamp, ms since the epoch (6 bytes until the year 4199; 10 at most)
 * varint      ordinal within the type: 1 for a type's first entry, then +1 per entry of that type
 * rest        payload, as the codec wrote it
 * </pre>
 *
 * The ordinal makes counting a type's retained entries two seeks: ordinal of its newest minus ordinal
 * of its oldest, plus one. Ordinals are contiguous within a type among the retained entries.
 *
 * Varints are unsigned LEB128: seven bits per byte, low bits first, high bit set on all but the last.
 * Operation codes are stable on-disk identifiers: APPEND 1, SYNC 2, UPDATE 3, DELETE 4, DOWNLOAD 5,
 * REQUEST 6, DELETE_CHECKPOINT 7, CHECKPOINT 8; 0 and 9..255 are invalid.
 */
final class EntryValues {

    static final int VALUE_FORMAT_VERSION = 1;

    /** Header bytes before the payload for a codec id below 128, a timestamp of this era and ordinal below 128. */
    static final int TYPICAL_HEADER_BYTES = 10;

    private static final Operation[] BY_CODE = {
        null, Operation.APPEND, Operation.SYNC, Operation.UPDATE, Operation.DELETE,
        Operation.DOWNLOAD, Operation.REQUEST, Operation.DELETE_CHECKPOINT, Operation.CHECKPOINT,
    };

    private EntryValues() {
    }

    static byte operationCode(Operation operation) {
        return switch (operation) {
            case APPEND -> 1;
            case SYNC -> 2;
            case UPDATE -> 3;
            case DELETE -> 4;
            case DOWNLOAD -> 5;
            case REQUEST -> 6;
            case DELETE_CHECKPOINT -> 7;
            case CHECKPOINT -> 8;
        };
    }

    static byte[] encode(Operation operation, int codecId, long timestampMillis, long ordinal, byte[] payload) {
        int header = 2 + varintLength(codecId) + varintLength(timestampMillis) + varintLength(ordinal);
        byte[] value = new byte[header + payload.length];
        value[0] = VALUE_FORMAT_VERSION;
        value[1] = operationCode(operation);
        int at = writeVarint(value, 2, codecId);
        at = writeVarint(value, at, timestampMillis);
        at = writeVarint(value, at, ordinal);
        System.arraycopy(payload, 0, value, at, payload.length);
        return value;
    }

    /**
     * The ordinal within its type of a stored value.
     *
     * @throws EventLogCorruptedException if the value is malformed
     */
    static long ordinal(long lsn, WalType type, byte[] value) {
        long[] read = new long[1];
        int at = checkedHeaderStart(lsn, type.name(), value, read);
        at = readVarint(value, at, read, type.name(), lsn);
        readVarint(value, at, read, type.name(), lsn);
        return read[0];
    }

    /**
     * Decodes a stored value into an entry.
     *
     * @throws IncompatibleFormatException if the value's format version is newer than this build's
     * @throws EventLogCorruptedException if the value is malformed
     */
    static WalEntry decode(long lsn, WalType type, byte[] value) {
        String columnFamily = type.name();
        long[] read = new long[1];
        int at = checkedHeaderStart(lsn, columnFamily, value, read);
        long codecId = read[0];
        at = readVarint(value, at, read, columnFamily, lsn);
        long timestampMillis = read[0];
        at = readVarint(value, at, read, columnFamily, lsn);
        if (read[0] < 1) {
            throw corrupted("ordinal " + read[0] + " is below 1", columnFamily, lsn);
        }
        return new WalEntry(lsn, type, BY_CODE[value[1]], timestampMillis, (int) codecId, value, at, value.length - at);
    }

    /** Checks version and operation, reads the codec id into {@code read[0]}, returns the offset after it. */
    private static int checkedHeaderStart(long lsn, String columnFamily, byte[] value, long[] read) {
        if (value.length < 5) {
            throw corrupted("value of " + value.length + " bytes is shorter than any header", columnFamily, lsn);
        }
        int version = value[0] & 0xff;
        if (version != VALUE_FORMAT_VERSION) {
            if (version > VALUE_FORMAT_VERSION) {
                throw new IncompatibleFormatException("value in column family '" + columnFamily + "' at LSN " + lsn,
                        version, VALUE_FORMAT_VERSION);
            }
            throw corrupted("value format version " + version + " does not exist", columnFamily, lsn);
        }
        int code = value[1] & 0xff;
        if (code == 0 || code >= BY_CODE.length) {
            throw corrupted("operation code " + code + " does not exist", columnFamily, lsn);
        }
        int at = readVarint(value, 2, read, columnFamily, lsn);
        long codecId = read[0];
        if (codecId < 1 || codecId > EventCodec.MAX_ID) {
            throw corrupted("codec id " + codecId + " is outside 1.." + EventCodec.MAX_ID, columnFamily, lsn);
        }
        return at;
    }

    static int varintLength(long value) {
        int length = 1;
        while ((value & ~0x7fL) != 0) {
            value >>>= 7;
            length++;
        }
        return length;
    }

    private static int writeVarint(byte[] out, int at, long value) {
        while ((value & ~0x7fL) != 0) {
            out[at++] = (byte) ((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out[at++] = (byte) value;
        return at;
    }

    /** Reads a varint at {@code at} into {@code result[0]}; returns the offset after it. */
    private static int readVarint(byte[] in, int at, long[] result, String columnFamily, long lsn) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (at >= in.length) {
                throw corrupted("value ends inside its header", columnFamily, lsn);
            }
            byte b = in[at++];
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                result[0] = value;
                return at;
            }
        }
        throw corrupted("varint in the value header is longer than 10 bytes", columnFamily, lsn);
    }

    private static EventLogCorruptedException corrupted(String problem, String columnFamily, long lsn) {
        return new EventLogCorruptedException(problem, columnFamily, lsn, LsnKeys.encode(lsn), null);
    }
}
