package io.rockwal.rocks;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockwal.core.Operation;
import io.rockwal.events.PoTSBlockEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JDK Flight Recorder recording holds the store's flushes, truncations and compactions. */
class FlightEventsTest {

    @TempDir
    Path dir;

    @Test
    void aRecordingHoldsEveryFlushTheTruncationAndItsCompaction() throws Exception {
        Path store = dir.resolve("store");
        Path file = dir.resolve("rockwal.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("io.rockwal.Flush");
            recording.enable("io.rockwal.Truncation");
            recording.enable("io.rockwal.Compaction");
            recording.start();
            try (RocksEventLog log = RocksEventLog.open(store, 100)) {
                for (int i = 1; i <= 250; i++) {
                    log.write(new PoTSBlockEvent(Operation.APPEND, i, new byte[10], i));
                }
                log.flush();
                log.truncateBefore(101);
                assertThat(log.awaitBackgroundCompaction(Duration.ofMinutes(1))).isTrue();
            }
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        List<RecordedEvent> flushes = ofType(events, "io.rockwal.Flush");
        assertThat(flushes)
                .extracting(e -> e.getLong("fromLsn") + ".." + e.getLong("toLsn"))
                .containsExactly("1..100", "101..200", "201..250");
        assertThat(flushes).extracting(e -> e.getInt("entries")).containsExactly(100, 100, 50);
        assertThat(flushes).allSatisfy(e -> {
            assertThat(e.getString("directory"))
                    .isEqualTo(store.toAbsolutePath().normalize().toString());
            assertThat(e.getLong("payloadBytes")).isPositive();
        });
        assertThat(ofType(events, "io.rockwal.Truncation"))
                .extracting(e -> e.getLong("beforeLsn"))
                .containsExactly(101L);
        assertThat(ofType(events, "io.rockwal.Compaction"))
                .extracting(e -> e.getLong("beforeLsn") + " " + e.getBoolean("completed"))
                .containsExactly("101 true");
    }

    private static List<RecordedEvent> ofType(List<RecordedEvent> events, String name) {
        return events.stream()
                .filter(e -> e.getEventType().getName().equals(name))
                .toList();
    }
}
