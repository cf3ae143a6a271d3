package io.rockwal.tests;

import io.rockwal.core.EventLog;
import io.rockwal.rocks.RocksEventLog;
import io.rockwal.rocks.RocksEventLogReader;
import java.util.function.Consumer;

/**
 * The read contract on a {@link RocksEventLogReader} of a store no log holds while it opens: a
 * read-only instance. Each write opens a log, writes and closes it again, so every catch-up (the
 * fixture's, or a subscription's own) must notice that a writer came and went.
 */
class ReadOnlyReaderContractTest extends ReaderViewContract {

    @Override
    protected void write(Consumer<EventLog> writes) {
        try (RocksEventLog writer = RocksEventLog.open(store(), 100)) {
            writes.accept(writer);
        }
        caughtUp();
    }
}
