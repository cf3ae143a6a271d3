package io.rockwal.rocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.lang.reflect.Field;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;

/**
 * Closing a store frees the native read options rocksdbjni creates inside every {@code RocksDB} object
 * and does not free itself (see {@link ReadOptionsLeak}), in each of the three ways a store is opened.
 */
class NativeReleaseTest {

    private static int checked;

    @TempDir
    Path dir;

    @TempDir
    Path secondaryDir;

    @Test
    void closingAPrimaryStoreFreesTheDatabasesOwnReadOptions() {
        RocksDB db;
        try (StoreResources primary =
                StoreResources.open(dir, RocksEventLogOptions.builder().build())) {
            db = primary.db();
            assertThat(defaultReadOptions(db).isOwningHandle()).isTrue();
        }
        assertFreed(db);
    }

    @Test
    void closingAReadOnlyViewFreesTheDatabasesOwnReadOptions() {
        StoreResources.open(dir, RocksEventLogOptions.builder().build()).close();
        RocksDB db;
        try (StoreResources readOnly = StoreResources.openForReading(dir, StoreResources.Mode.READ_ONLY, null)) {
            db = readOnly.db();
        }
        assertFreed(db);
    }

    @SuppressWarnings("try") // the primary is held open for the block, beside the secondary
    @Test
    void closingASecondaryInstanceFreesTheDatabasesOwnReadOptions() {
        RocksDB db;
        try (StoreResources primary =
                        StoreResources.open(dir, RocksEventLogOptions.builder().build());
                StoreResources secondary =
                        StoreResources.openForReading(dir, StoreResources.Mode.SECONDARY, secondaryDir)) {
            db = secondary.db();
        }
        assertFreed(db);
    }

    @AfterAll
    static void summary() {
        System.out.println("native release: " + checked + " closed databases (primary, read-only, secondary), "
                + "each one's own ReadOptions freed");
    }

    private static void assertFreed(RocksDB db) {
        assertThat(db.isClosed()).isTrue();
        assertThat(defaultReadOptions(db).isOwningHandle())
                .as("the database's own ReadOptions still owns its native object")
                .isFalse();
        checked++;
    }

    private static ReadOptions defaultReadOptions(RocksDB db) {
        Field field;
        try {
            field = RocksDB.class.getDeclaredField("defaultReadOptions_");
        } catch (NoSuchFieldException e) {
            field = null;
        }
        assumeThat(field)
                .as("a rocksdbjni whose RocksDB creates its own ReadOptions")
                .isNotNull();
        try {
            field.setAccessible(true);
            return (ReadOptions) field.get(db);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }
}
