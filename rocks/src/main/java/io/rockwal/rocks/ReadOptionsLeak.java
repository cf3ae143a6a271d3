package io.rockwal.rocks;

import java.lang.reflect.Field;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;

/**
 * Frees the native {@code ReadOptions} that every {@code org.rocksdb.RocksDB} object creates for
 * itself and never frees. Since rocksdbjni 8.10 the Java {@code RocksDB} holds a private
 * {@code defaultReadOptions_} (used by {@code newIterator} without read options); {@code close()} does
 * not close it and nothing else does, so each open leaks one native object (192 bytes) for the life of
 * the process (facebook/rocksdb issue 15036, not fixed in 11.8.1). A store opens several instances per
 * open (the read-only check before a primary open, the primary, every reader), so a process that opens
 * readers all day would grow without bound.
 *
 * <p>Remove this class once rocksdbjni closes the field itself; until then closing it twice is
 * harmless ({@code close()} of a native reference is idempotent). If the field is gone or cannot be
 * made accessible, nothing is done.
 */
final class ReadOptionsLeak {

    private static final Field FIELD = find();

    private ReadOptionsLeak() {}

    /** Closes {@code db}'s own read options; call only after {@code db} is closed. */
    static void release(RocksDB db) {
        if (FIELD == null || db == null) {
            return;
        }
        try {
            if (FIELD.get(db) instanceof ReadOptions options) {
                options.close();
            }
        } catch (IllegalAccessException e) {
            // find() made the field accessible; if a security manager says otherwise, the leak stays
        }
    }

    private static Field find() {
        try {
            Field field = RocksDB.class.getDeclaredField("defaultReadOptions_");
            if (field.getType() != ReadOptions.class) {
                return null;
            }
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException | RuntimeException e) {
            return null; // a rocksdbjni without the field (nothing leaks), or one that forbids access
        }
    }
}
