package io.rockwal.rocks;

import io.rockwal.core.EventLogCorruptedException;
import io.rockwal.core.LsnMetadata;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place that encodes the metadata column family {@value #COLUMN_FAMILY}, whose layout is format
 * invariant 6 of the {@linkplain io.rockwal.rocks package documentation}.
 */
final class MetadataCodec {

    static final String COLUMN_FAMILY = "rockwal:meta";
    static final int STORE_FORMAT_VERSION = 2;

    static final byte[] FORMAT_KEY = ascii("format");
    static final byte[] STATE_KEY = ascii("state");
    static final byte[] CHECKPOINTS_KEY = ascii("checkpoints");

    private static final int STATE_LENGTH = 32;

    private MetadataCodec() {}

    static byte[] encodeFormat(int version) {
        return ByteBuffer.allocate(4).putInt(version).array();
    }

    static int decodeFormat(byte[] value) {
        if (value.length != 4) {
            throw corrupted("format version of " + value.length + " bytes, expected 4", FORMAT_KEY);
        }
        return ByteBuffer.wrap(value).getInt();
    }

    /**
     * The durable LSN state. Its first field, the last LSN, is written as the last flushed LSN: a
     * flush writes the whole buffer, so a stored state has nothing beyond it.
     */
    static byte[] encodeState(long lastFlushedLsn, long lastUpdatedMillis, long firstRetainedLsn) {
        return ByteBuffer.allocate(STATE_LENGTH)
                .putLong(lastFlushedLsn)
                .putLong(lastFlushedLsn)
                .putLong(lastUpdatedMillis)
                .putLong(firstRetainedLsn)
                .array();
    }

    /**
     * Decodes the LSN state; its last LSN is the last flushed LSN (the stored last LSN is only checked
     * not to be below it).
     */
    static LsnMetadata decodeState(byte[] value) {
        if (value.length != STATE_LENGTH) {
            throw corrupted("LSN state of " + value.length + " bytes, expected " + STATE_LENGTH, STATE_KEY);
        }
        ByteBuffer in = ByteBuffer.wrap(value);
        try {
            LsnMetadata stored = new LsnMetadata(in.getLong(), in.getLong(), in.getLong(), in.getLong());
            return new LsnMetadata(
                    stored.lastFlushedLsn(),
                    stored.lastFlushedLsn(),
                    stored.lastUpdatedMillis(),
                    stored.firstRetainedLsn());
        } catch (IllegalArgumentException e) {
            throw new EventLogCorruptedException(
                    "LSN state is inconsistent: " + e.getMessage(),
                    COLUMN_FAMILY,
                    EventLogCorruptedException.UNKNOWN_LSN,
                    STATE_KEY,
                    e);
        }
    }

    static byte[] encodeCheckpoints(List<Long> checkpoints) {
        ByteBuffer out = ByteBuffer.allocate(checkpoints.size() * Long.BYTES);
        checkpoints.forEach(out::putLong);
        return out.array();
    }

    /**
     * Decodes the checkpoint list and checks it against the state: LSNs ascending and not past the
     * last flushed LSN.
     */
    static List<Long> decodeCheckpoints(byte[] value, LsnMetadata state) {
        if (value.length % Long.BYTES != 0) {
            throw corrupted("checkpoint list of " + value.length + " bytes is not a multiple of 8", CHECKPOINTS_KEY);
        }
        ByteBuffer in = ByteBuffer.wrap(value);
        List<Long> checkpoints = new ArrayList<>(value.length / Long.BYTES);
        long previous = 0;
        while (in.hasRemaining()) {
            long lsn = in.getLong();
            if (lsn < previous || lsn > state.lastFlushedLsn()) {
                throw corrupted(
                        "checkpoint at LSN " + lsn + " is out of order or past the last flushed LSN "
                                + state.lastFlushedLsn(),
                        CHECKPOINTS_KEY);
            }
            checkpoints.add(lsn);
            previous = lsn;
        }
        return List.copyOf(checkpoints);
    }

    private static EventLogCorruptedException corrupted(String problem, byte[] key) {
        return new EventLogCorruptedException(
                problem, COLUMN_FAMILY, EventLogCorruptedException.UNKNOWN_LSN, key, null);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
