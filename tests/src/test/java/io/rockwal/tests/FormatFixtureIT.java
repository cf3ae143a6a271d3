package io.rockwal.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockwal.core.IndexKeys;
import io.rockwal.core.LsnMetadata;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import io.rockwal.events.EventFactory;
import io.rockwal.events.PoTSBlockEvent;
import io.rockwal.rocks.RocksEventLog;
import io.rockwal.rocks.RocksEventLogReader;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every build must open the checked-in store of format version 1 and read exactly what it holds. */
class FormatFixtureIT {

    @TempDir
    Path dir;

    private Path copyOfFixture() throws IOException, URISyntaxException {
        Path fixture = Path.of(getClass().getClassLoader().getResource(FormatFixture.RESOURCE).toURI());
        Path copy = dir.resolve("store");
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(fixture)) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        return copy;
    }

    @Test
    void theFormatOneStoreOpensAndReadsBackExactly() throws Exception {
        try (RocksEventLog log = RocksEventLog.open(copyOfFixture(), 0)) {
            assertThat(log.metadata()).isEqualTo(new LsnMetadata(FormatFixture.EVENTS, FormatFixture.EVENTS,
                    FormatFixture.TIMESTAMP.toEpochMilli(), FormatFixture.FIRST_RETAINED));
            assertThat(log.checkpoints()).containsExactly(16L, 24L);
            assertThat(log.get(FormatFixture.FIRST_RETAINED - 1)).isEmpty();
            List<Long> lsns = new ArrayList<>();
            log.replay(entry -> {
                assertThat(entry.timestampMillis()).isEqualTo(FormatFixture.TIMESTAMP.toEpochMilli());
                assertThat(EventFactory.decode(entry)).as("LSN %d", entry.lsn())
                        .isEqualTo(FormatFixture.event(entry.lsn()));
                lsns.add(entry.lsn());
            });
            assertThat(lsns).hasSize(FormatFixture.EVENTS - (int) FormatFixture.FIRST_RETAINED + 1);
            WalEntry block = log.last(WalType.POTS).orElseThrow();
            long number = ((PoTSBlockEvent) EventFactory.decode(block)).blockNumber();
            assertThat(log.findByKey(WalType.POTS, IndexKeys.ofUnsignedLong(number))).containsExactly(block);
            assertThat(log.count(WalType.POTS)).isEqualTo(lsns.stream().filter(lsn -> (lsn - 1) % 8 == 7).count());
            assertThat(log.write(FormatFixture.event(1))).isEqualTo(FormatFixture.EVENTS + 1);
        }
    }

    @Test
    void theFormatOneStoreOpensReadOnly() throws Exception {
        try (RocksEventLogReader reader = RocksEventLogReader.open(copyOfFixture())) {
            assertThat(reader.mode()).isEqualTo(RocksEventLogReader.Mode.READ_ONLY);
            assertThat(reader.metadata().lastFlushedLsn()).isEqualTo(FormatFixture.EVENTS);
            assertThat(EventFactory.decode(reader.get(FormatFixture.EVENTS).orElseThrow()))
                    .isEqualTo(FormatFixture.event(FormatFixture.EVENTS));
        }
    }
}
