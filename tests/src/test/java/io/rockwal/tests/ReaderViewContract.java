package io.rockwal.tests;

import io.rockwal.core.EventLogView;
import io.rockwal.rocks.RocksEventLogReader;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read contract on a {@link RocksEventLogReader} of this test's store, opened on first use; a
 * subclass writes to the store its own way and catches the reader up with {@link #caughtUp()}.
 */
abstract class ReaderViewContract extends EventLogViewContract {

    @TempDir
    Path dir;

    private RocksEventLogReader reader;

    Path store() {
        return dir.resolve("store");
    }

    /** After a write: the reader, if open, catches up with it. */
    void caughtUp() {
        if (reader != null) {
            reader.catchUp();
        }
    }

    @Override
    protected EventLogView view() {
        if (reader == null) {
            reader = RocksEventLogReader.open(store());
        }
        return reader;
    }

    @AfterEach
    void closeReader() {
        if (reader != null) {
            reader.close();
        }
    }
}
