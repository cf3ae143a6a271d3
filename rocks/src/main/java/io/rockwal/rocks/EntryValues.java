package io.rockwal.rocks;

import io.rockwal.core.EventCodec;
import io.rockwal.core.EventLogCorruptedException;
import io.rockwal.core.IncompatibleFormatException;
import io.rockwal.core.Operation;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;

/**
 * The one place that encodes and decodes entry values: the flags byte, codec id, timestamp, the
 * ordinal on anchors, then the payload, exactly as format invariant 5 of the
 * {@linkplain io.rockwal.rocks package documentation} lays them out (pinned by {@code OnDiskFormatTest}).
 * Varints are unsigned LEB128. Ordinals of non-anchors are found by {@link OrdinalWalk}.
 */
final class EntryValues {

    static final int VALUE_FORMAT_VERSION = 2;

    /** Every entry whose ordinal is a multiple of this carries it. */
    static final int ANCHOR_INTERVAL = 64;

    /** Header bytes before the payload for a codec id below 128 and a timestamp of 2020..2054, on a non-anchor. */
    static final int TYPICAL_HEADER_BYTES = 7;

    /** Enough bytes of a value to hold any header (1 + 3 + 8 + 10), for reading headers without payloads. */
    static final int MAX_HEADER_BYTES = 22;

    /** 2020-01-01T00:00:00Z in ms since the epoch: the origin of compact timestamps. */
    static final long COMPACT_EPOCH_MILLIS = 1_577_836_800_000L;

    /** Compact timestamps cover {@code [COMPACT_EPOCH_MILLIS, COMPACT_EPOCH_MILLIS + COMPACT_RANGE_MILLIS)}. */
    static final long COMPACT_RANGE_MILLIS = 1L << 40;

    private static final int VERSION_BITS = VALUE_FORMAT_VERSION << 6;
    private static final int WIDE_TIMESTAMP = 0x20;
    private static final int ANCHOR = 0x10;
    private static final int OPERATION_MASK = 0x0f;

    private static final Operation[] BY_CODE = {
        null,
        Operation.APPEND,
        Operation.SYNC,
        Operation.UPDATE,
        Operation.DELETE,
        Operation.DOWNLOAD,
        Operation.REQUEST,
        Operation.DELETE_CHECKPOINT,
        Operation.CHECKPOINT,
    };

    private EntryValues() {}

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

    /** Whether an entry with this ordinal stores it: a positive multiple of {@link #ANCHOR_INTERVAL}. */
    static boolean isAnchor(long ordinal) {
        return ordinal >= ANCHOR_INTERVAL && ordinal % ANCHOR_INTERVAL == 0;
    }

    /**
     * Encodes a value; the ordinal is stored only if it {@link #isAnchor is a positive multiple of 64}
     * (0 stands for "not known", which the writer never passes).
     */
    static byte[] encode(Operation operation, int codecId, long timestampMillis, long ordinal, byte[] payload) {
        long compact = timestampMillis - COMPACT_EPOCH_MILLIS;
        boolean wide = compact < 0 || compact >= COMPACT_RANGE_MILLIS;
        boolean anchor = isAnchor(ordinal);
        int header = 1 + varintLength(codecId) + (wide ? 8 : 5) + (anchor ? varintLength(ordinal) : 0);
        byte[] value = new byte[header + payload.length];
        value[0] =
                (byte) (VERSION_BITS | (wide ? WIDE_TIMESTAMP : 0) | (anchor ? ANCHOR : 0) | operationCode(operation));
        int at = writeVarint(value, 1, codecId);
        at = wide ? writeBigEndian(value, at, timestampMillis, 8) : writeBigEndian(value, at, compact, 5);
        if (anchor) {
            at = writeVarint(value, at, ordinal);
        }
        System.arraycopy(payload, 0, value, at, payload.length);
        return value;
    }

    /**
     * The ordinal a stored value carries, or 0 if it is not an anchor. Reads only the header, so
     * {@code value} may be the first {@link #MAX_HEADER_BYTES} bytes of a longer value.
     *
     * @throws IncompatibleFormatException if the value's format version is newer than this build's
     * @throws EventLogCorruptedException if the header is malformed
     */
    static long ordinal(long lsn, WalType type, byte[] value) {
        Header header = header(lsn, type.name(), value);
        if (!header.anchor()) {
            return 0;
        }
        long[] read = new long[1];
        readOrdinal(value, header.end(), read, type.name(), lsn);
        return read[0];
    }

    /**
     * Decodes a stored value into an entry.
     *
     * @throws IncompatibleFormatException if the value's format version is newer than this build's
     * @throws EventLogCorruptedException if the value is malformed
     */
    static WalEntry decode(long lsn, WalType type, byte[] value) {
        Header header = header(lsn, type.name(), value);
        int payloadAt = header.end();
        if (header.anchor()) {
            payloadAt = readOrdinal(value, payloadAt, new long[1], type.name(), lsn);
        }
        return new WalEntry(
                lsn,
                type,
                BY_CODE[value[0] & OPERATION_MASK],
                header.timestampMillis(),
                header.codecId(),
                value,
                payloadAt,
                value.length - payloadAt);
    }

    /** The fixed part of a header: codec, timestamp, whether an ordinal follows, and where it ends. */
    private record Header(int codecId, long timestampMillis, boolean anchor, int end) {}

    private static Header header(long lsn, String columnFamily, byte[] value) {
        if (value.length == 0) {
            throw corrupted("value is empty", columnFamily, lsn);
        }
        int flags = value[0] & 0xff;
        int version = flags >>> 6;
        if (version != VALUE_FORMAT_VERSION) {
            if (version > VALUE_FORMAT_VERSION) {
                throw new IncompatibleFormatException(
                        "value in column family '" + columnFamily + "' at LSN " + lsn, version, VALUE_FORMAT_VERSION);
            }
            throw corrupted(
                    "value format version " + version + " is not readable by this build (version "
                            + VALUE_FORMAT_VERSION + ")",
                    columnFamily,
                    lsn);
        }
        int code = flags & OPERATION_MASK;
        if (code == 0 || code >= BY_CODE.length) {
            throw corrupted("operation code " + code + " does not exist", columnFamily, lsn);
        }
        long[] read = new long[1];
        int at = readVarint(value, 1, read, columnFamily, lsn);
        long codecId = read[0];
        if (codecId < 1 || codecId > EventCodec.MAX_ID) {
            throw corrupted("codec id " + codecId + " is outside 1.." + EventCodec.MAX_ID, columnFamily, lsn);
        }
        boolean wide = (flags & WIDE_TIMESTAMP) != 0;
        int timestampBytes = wide ? 8 : 5;
        if (value.length - at < timestampBytes) {
            throw corrupted("value ends inside its header", columnFamily, lsn);
        }
        long timestamp = readBigEndian(value, at, timestampBytes);
        if (!wide) {
            timestamp += COMPACT_EPOCH_MILLIS;
        }
        return new Header((int) codecId, timestamp, (flags & ANCHOR) != 0, at + timestampBytes);
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

    private static int writeBigEndian(byte[] out, int at, long value, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            out[at + i] = (byte) value;
            value >>>= 8;
        }
        return at + bytes;
    }

    private static long readBigEndian(byte[] in, int at, int bytes) {
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value = (value << 8) | (in[at + i] & 0xff);
        }
        return value;
    }

    /** Reads an anchor's ordinal at {@code at} into {@code result[0]}; returns the offset after it. */
    private static int readOrdinal(byte[] in, int at, long[] result, String columnFamily, long lsn) {
        int end = readVarint(in, at, result, columnFamily, lsn);
        if (!isAnchor(result[0])) {
            throw corrupted(
                    "anchor ordinal " + result[0] + " is not a positive multiple of " + ANCHOR_INTERVAL,
                    columnFamily,
                    lsn);
        }
        return end;
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
