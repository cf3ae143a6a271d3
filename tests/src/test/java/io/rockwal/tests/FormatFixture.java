package io.rockwal.tests;

import io.rockwal.core.Event;
import io.rockwal.core.Operation;
import io.rockwal.events.PoTSBlockEvent;
import io.rockwal.rocks.RocksEventLog;
import io.rockwal.rocks.RocksEventLogOptions;
import io.rockwal.testkit.SampleEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.stream.Stream;

/**
 * The golden store of format version 2, checked in under {@code src/test/resources/fixtures}: what it
 * holds, and the program that wrote it. Every build must still open it and read exactly this back
 * ({@link FormatFixtureIT}); a format change that breaks it needs a new format version, not a new
 * fixture.
 *
 * <p>Contents: events {@code SampleEvents.of(seed)} for seeds 0..{@value #SAMPLES}-1 (all eight
 * classes) at LSN seed + 1, then small PoTS blocks up to LSN {@value #EVENTS} (so that type has anchors
 * at ordinals 64 and 128), all stamped {@link #TIMESTAMP}; checkpoints after LSN 16 and 24; truncated
 * before LSN {@value #FIRST_RETAINED}.
 *
 * <p>{@value #FORMAT_ONE_RESOURCE} is the same first 32 events in format 1, the pre-release format,
 * kept to show that such a store is refused untouched.
 *
 * <p>To regenerate (only when adding a fixture for a new format version):
 * {@code java -cp <test classpath> io.rockwal.tests.FormatFixture tests/src/test/resources/fixtures/store-format-2}
 */
public final class FormatFixture {

    static final String RESOURCE = "fixtures/store-format-2";
    static final String FORMAT_ONE_RESOURCE = "fixtures/store-format-1";
    static final int SAMPLES = 32;
    static final int EVENTS = 200;
    static final long FIRST_RETAINED = 5;
    static final Instant TIMESTAMP = Instant.parse("2026-11-26T00:00:00Z");

    private FormatFixture() {}

    static Event event(long lsn) {
        return lsn <= SAMPLES
                ? SampleEvents.of(lsn - 1)
                : new PoTSBlockEvent(Operation.APPEND, 5_000_000 + lsn, new byte[] {(byte) lsn, 1, 2}, lsn);
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        if (Files.exists(dir)) {
            throw new IllegalStateException(dir + " exists; a fixture is never rewritten in place");
        }
        RocksEventLogOptions options = RocksEventLogOptions.builder()
                .batchSize(8)
                .clock(InstantSource.fixed(TIMESTAMP))
                .build();
        try (RocksEventLog log = RocksEventLog.open(dir, options)) {
            for (long lsn = 1; lsn <= EVENTS; lsn++) {
                log.write(event(lsn));
                if (lsn == 16 || lsn == 24) {
                    log.createCheckpoint();
                }
            }
            log.truncateBefore(FIRST_RETAINED);
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith("LOG") || name.equals("rockwal.lock") || name.equals("LOCK")) {
                    Files.delete(file);
                }
            }
        }
    }
}
