package io.rockwal.tests;

import io.rockwal.core.EventLog;
import io.rockwal.rocks.RocksEventLog;
import io.rockwal.rocks.RocksEventLogReader;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The read contract on a {@link RocksEventLogReader} following a log that stays open in this process:
 * the reader is a RocksDB secondary instance, and every write reaches it by a catch-up (or, for a
 * subscription, by the catch-ups it makes itself).
 */
class RocksEventLogReaderContractTest extends ReaderViewContract {

    private RocksEventLog writer;

    @BeforeEach
    void openWriter() {
        writer = RocksEventLog.open(store(), 100);
    }

    @AfterEach
    void closeWriter() {
        writer.close();
    }

    @Override
    protected void write(Consumer<EventLog> writes) {
        writes.accept(writer);
        writer.flush();
        caughtUp();
    }
}
