package io.rockwal.tests;

import io.rockwal.core.Event;
import io.rockwal.rocks.RocksEventLog;
import io.rockwal.rocks.RocksEventLogOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.stream.Stream;

/**
 * The golden store of format version 1, checked in under {@code src/test/resources/fixtures}: what it
 * holds, and the program that wrote it. Every build must still open it and read exactly this back
 * ({@link FormatFixtureIT}); a format change that breaks it needs a new format version, not a new
 * fixture.
 *
 * <p>Contents: events {@code SampleEvents.of(seed)} for seeds 0..{@value #EVENTS}-1 (all eight
 * classes) at LSN seed + 1, stamped {@link #TIMESTAMP}; checkpoints after LSN 16 and 24; truncated
 * before LSN {@value #FIRST_RETAINED}.
 *
 * <p>To regenerate (only when adding a fixture for a new format version):
 * {@code java -cp <test classpath> io.rockwal.tests.FormatFixture tests/src/test/resources/fixtures/store-format-1}
 */
public final class FormatFixture {

    static final String RESOURCE = "fixtures/store-format-1";
    static final int EVENTS = 32;
    static final long FIRST_RETAINED = 5;
    static final Instant TIMESTAMP = Instant.parse("2026-11-26T00:00:00Z");

    private FormatFixture() {
    }

    static Event event(long lsn) {
        return SampleEvents.of(lsn - 1);
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        if (Files.exists(dir)) {
            throw new IllegalStateException(dir + " exists; a fixture is never rewritten in place");
        }
        RocksEventLogOptions options = RocksEventLogOptions.builder()
                .batchSize(8).clock(InstantSource.fixed(TIMESTAMP)).build();
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
