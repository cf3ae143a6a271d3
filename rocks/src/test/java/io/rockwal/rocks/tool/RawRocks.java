package io.rockwal.rocks.tool;

import io.rockwal.rocks.RawStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.rocksdb.RocksDBException;

/**
 * A store directory opened with plain rocksdbjni, to plant damage behind the log's back, and the
 * on-disk encodings of the rocks package documentation written out as literal bytes.
 */
final class RawRocks implements AutoCloseable {

    static final String META = "rockwal:meta";

    private final RawStore store;

    private RawRocks(RawStore store) {
        this.store = store;
    }

    static RawRocks open(Path dir, String... extraColumnFamilies) throws RocksDBException {
        return new RawRocks(RawStore.open(dir, extraColumnFamilies));
    }

    void put(String columnFamily, byte[] key, byte[] value) throws RocksDBException {
        store.put(columnFamily, key, value);
    }

    byte[] get(String columnFamily, byte[] key) throws RocksDBException {
        return store.get(columnFamily, key);
    }

    void delete(String columnFamily, byte[] key) throws RocksDBException {
        store.delete(columnFamily, key);
    }

    /** Moves an entry's value from one column family to another. */
    void move(long lsn, String from, String to) throws RocksDBException {
        byte[] value = get(from, key(lsn));
        delete(from, key(lsn));
        put(to, key(lsn), value);
    }

    /** An entry key: the LSN, 8 bytes big-endian. */
    static byte[] key(long lsn) {
        return ByteBuffer.allocate(8).putLong(lsn).array();
    }

    /**
     * An entry value of format invariant 5 that is not an anchor: flags byte (version 2, operation
     * code), codec id as a varint, compact or wide timestamp, payload.
     */
    static byte[] value(int operationCode, int codecId, long timestampMillis, byte[] payload) {
        long compact = timestampMillis - 1_577_836_800_000L;
        boolean wide = compact < 0 || compact >= 1L << 40;
        ByteBuffer value = ByteBuffer.allocate(1 + 3 + 8 + payload.length);
        value.put((byte) (0x80 | (wide ? 0x20 : 0) | operationCode));
        putVarint(value, codecId);
        if (wide) {
            value.putLong(timestampMillis);
        } else {
            value.put((byte) (compact >>> 32)).putInt((int) compact);
        }
        value.put(payload);
        byte[] bytes = new byte[value.position()];
        value.flip().get(bytes);
        return bytes;
    }

    /** The metadata's LSN state: current, last flushed, last update time, first retained. */
    static byte[] state(long lastFlushed, long lastUpdatedMillis, long firstRetained) {
        return ByteBuffer.allocate(32)
                .putLong(lastFlushed)
                .putLong(lastFlushed)
                .putLong(lastUpdatedMillis)
                .putLong(firstRetained)
                .array();
    }

    static byte[] stateKey() {
        return "state".getBytes(StandardCharsets.US_ASCII);
    }

    private static void putVarint(ByteBuffer out, long value) {
        while ((value & ~0x7fL) != 0) {
            out.put((byte) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        out.put((byte) value);
    }

    @Override
    public void close() throws RocksDBException {
        store.close();
    }
}
