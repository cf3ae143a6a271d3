package io.rockwal.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockwal.core.Event;
import io.rockwal.core.WalEntry;
import io.rockwal.events.EventFactory;
import io.rockwal.events.ReconciliationBatchEvent;
import io.rockwal.rocks.RocksEventLog;
import io.rockwal.testkit.SampleEvents;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every event class, with populated nested messages, written through the RocksDB store, read back
 * after a reopen and decoded: it must equal what was written.
 */
class EventRoundTripIT {

    @TempDir
    Path dir;

    @Test
    void everyEventTypeRoundTripsThroughTheStoreAcrossAReopen() {
        List<Event> written = new ArrayList<>();
        List<Long> lsns = new ArrayList<>();
        try (RocksEventLog log = RocksEventLog.open(dir, 7)) {
            for (long seed = 0; seed < 8 * 25; seed++) {
                Event event = SampleEvents.of(seed);
                written.add(event);
                lsns.add(log.write(event));
            }
        }
        try (RocksEventLog log = RocksEventLog.open(dir, 7)) {
            for (int i = 0; i < written.size(); i++) {
                WalEntry entry = log.get(lsns.get(i)).orElseThrow();
                assertThat(entry.type()).isEqualTo(written.get(i).type());
                assertThat(entry.operation()).isEqualTo(written.get(i).operation());
                assertThat(EventFactory.decode(entry)).as("LSN %d", entry.lsn()).isEqualTo(written.get(i));
            }
            List<Event> replayed = new ArrayList<>();
            log.replay(entry -> replayed.add(EventFactory.decode(entry)));
            assertThat(replayed).isEqualTo(written);
        }
    }

    @Test
    void aReconciliationBatchOfOneHundredThousandAccountsRoundTrips() {
        ReconciliationBatchEvent batch = SampleEvents.reconciliationBatch(new SplittableRandom(5), 100_000);
        long lsn;
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            lsn = log.write(batch);
        }
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            WalEntry entry = log.get(lsn).orElseThrow();
            System.out.printf("reconciliation batch of 100,000 accounts: %,d payload bytes%n", entry.payloadSize());
            assertThat(EventFactory.decode(entry)).isEqualTo(batch);
        }
    }
}
