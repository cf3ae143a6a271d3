package io.rockwal.tests;

import io.rockwal.core.EventLog;
import io.rockwal.rocks.RocksEventLog;
import io.rockwal.rocks.RocksEventLogOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class RocksEventLogContractTest extends EventLogContract {

    @TempDir
    Path dir;

    @Override
    protected EventLog openLog(int batchSize, int maxCheckpoints) {
        return RocksEventLog.open(
                dir.resolve("store"),
                RocksEventLogOptions.builder()
                        .batchSize(batchSize)
                        .maxCheckpoints(maxCheckpoints)
                        .build());
    }
}
