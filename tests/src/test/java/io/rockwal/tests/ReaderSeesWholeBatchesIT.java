package io.rockwal.tests;

import static io.rockwal.tests.EventLogViewContract.block;
import static io.rockwal.tests.EventLogViewContract.reconciliation;
import static org.assertj.core.api.Assertions.assertThat;

import io.rockwal.core.EventLogCorruptedException;
import io.rockwal.core.LsnMetadata;
import io.rockwal.rocks.RocksEventLog;
import io.rockwal.rocks.RocksEventLogReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reader in another thread (as it would be in another process) never shows part of a batch: while a
 * writer opens the store, writes one batch across two types and closes it again (its close writes every
 * column family's memtable to a table file), a reader catches up as fast as it can, and after each
 * catch-up every LSN up to its last flushed LSN must be there. A secondary instance that could see one
 * column family's new table file before the write-ahead-log record holding the rest of the batch
 * shows a later LSN while an earlier one of the same batch is missing; a type-filtered subscription
 * then skips the missing entry for good.
 */
class ReaderSeesWholeBatchesIT {

    private static final int WRITER_CYCLES = 150;

    @TempDir
    Path dir;

    @Test
    void everyLsnUpToTheReadersLastFlushedLsnIsThereAfterEachCatchUp() throws Exception {
        Path store = dir.resolve("store");
        try (RocksEventLog log = RocksEventLog.open(store, 100)) {
            log.write(block(1));
            log.flush();
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> gaps = new ArrayList<>();
        long checks = 0;
        Thread writer = new Thread(
                () -> {
                    try {
                        for (int cycle = 0; cycle < WRITER_CYCLES; cycle++) {
                            try (RocksEventLog log = RocksEventLog.open(store, 100)) {
                                long next = log.metadata().lastLsn() + 1;
                                log.write(block(next));
                                log.write(reconciliation(next + 1));
                                log.write(block(next + 2));
                            }
                        }
                    } finally {
                        writing.set(false);
                    }
                },
                "writer");
        writer.start();
        try (RocksEventLogReader reader = RocksEventLogReader.open(store)) {
            long checkedUpTo = 1;
            while (writing.get() && gaps.size() < 5) {
                LsnMetadata seen = reader.catchUp();
                for (long lsn = Math.max(checkedUpTo - 3, seen.firstRetainedLsn());
                        lsn <= seen.lastFlushedLsn();
                        lsn++) {
                    checks++;
                    try {
                        if (reader.get(lsn).isEmpty()) {
                            gaps.add("LSN " + lsn + " missing while the reader's last flushed LSN is "
                                    + seen.lastFlushedLsn() + " (" + reader.mode() + ")");
                        }
                    } catch (EventLogCorruptedException e) {
                        gaps.add(reader.mode() + ": " + e.getMessage());
                    }
                }
                checkedUpTo = Math.max(checkedUpTo, seen.lastFlushedLsn());
            }
        } finally {
            writer.join();
        }
        System.out.println("reader consistency: " + WRITER_CYCLES + " writer cycles, " + checks + " LSN checks, "
                + gaps.size() + " gaps");
        assertThat(gaps)
                .as("LSNs a catch-up showed as flushed but could not read")
                .isEmpty();
    }
}
