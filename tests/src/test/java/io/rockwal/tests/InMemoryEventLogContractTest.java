package io.rockwal.tests;

import io.rockwal.core.EventLog;
import io.rockwal.core.InMemoryEventLog;
import io.rockwal.events.StandardEvents;
import java.time.InstantSource;

class InMemoryEventLogContractTest extends EventLogContract {

    private final InMemoryEventLog.Storage storage = new InMemoryEventLog.Storage();

    @Override
    protected EventLog openLog(int batchSize, int maxCheckpoints) {
        return InMemoryEventLog.open(
                storage, StandardEvents.catalog(), batchSize, maxCheckpoints, InstantSource.system());
    }
}
