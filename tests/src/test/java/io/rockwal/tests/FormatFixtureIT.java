package io.rockwal.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockwal.core.IncompatibleFormatException;
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
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every build must open the checked-in store of format version 2 and read exactly what it holds, and
 * refuse the pre-release format 1 store untouched.
 */
class FormatFixtureIT {

    @TempDir
    Path dir;

    private Path copyOfFixture() throws IOException, URISyntaxException {
        return copyOf(FormatFixture.RESOURCE);
    }

    private Path copyOf(String resource) throws IOException, URISyntaxException {
        Path fixture = Path.of(getClass().getClassLoader().getResource(resource).toURI());
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
    void theFormatTwoStoreOpensAndReadsBackExactly() throws Exception {
        try (RocksEventLog log = RocksEventLog.open(copyOfFixture(), 0)) {
            assertThat(log.metadata())
                    .isEqualTo(new LsnMetadata(
                            FormatFixture.EVENTS,
                            FormatFixture.EVENTS,
                            FormatFixture.TIMESTAMP.toEpochMilli(),
                            FormatFixture.FIRST_RETAINED));
            assertThat(log.checkpoints()).containsExactly(16L, 24L);
            assertThat(log.get(FormatFixture.FIRST_RETAINED - 1)).isEmpty();
            List<Long> lsns = new ArrayList<>();
            log.replay(entry -> {
                assertThat(entry.timestampMillis()).isEqualTo(FormatFixture.TIMESTAMP.toEpochMilli());
                assertThat(EventFactory.decode(entry))
                        .as("LSN %d", entry.lsn())
                        .isEqualTo(FormatFixture.event(entry.lsn()));
                lsns.add(entry.lsn());
            });
            assertThat(lsns).hasSize(FormatFixture.EVENTS - (int) FormatFixture.FIRST_RETAINED + 1);
            WalEntry block = log.last(WalType.POTS).orElseThrow();
            long number = ((PoTSBlockEvent) EventFactory.decode(block)).blockNumber();
            assertThat(log.findByKey(WalType.POTS, IndexKeys.ofUnsignedLong(number)))
                    .containsExactly(block);
            long pots = lsns.stream()
                    .filter(lsn -> lsn > FormatFixture.SAMPLES || (lsn - 1) % 8 == 7)
                    .count();
            assertThat(log.count(WalType.POTS)).isEqualTo(pots);
            assertThat(log.write(FormatFixture.event(1))).isEqualTo(FormatFixture.EVENTS + 1);
        }
    }

    @Test
    void theFormatTwoStoreOpensReadOnly() throws Exception {
        try (RocksEventLogReader reader = RocksEventLogReader.open(copyOfFixture())) {
            assertThat(reader.mode()).isEqualTo(RocksEventLogReader.Mode.READ_ONLY);
            assertThat(reader.metadata().lastFlushedLsn()).isEqualTo(FormatFixture.EVENTS);
            assertThat(EventFactory.decode(reader.get(FormatFixture.EVENTS).orElseThrow()))
                    .isEqualTo(FormatFixture.event(FormatFixture.EVENTS));
        }
    }

    @Test
    void thePreReleaseFormatOneStoreIsRefusedWithItsTablesUntouched() throws Exception {
        Path store = copyOf(FormatFixture.FORMAT_ONE_RESOURCE);
        Map<String, Long> tables = tables(store);
        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> RocksEventLog.open(store, 0))
                    .isInstanceOfSatisfying(IncompatibleFormatException.class, e -> {
                        assertThat(e.foundVersion()).isEqualTo(1);
                        assertThat(e.supportedVersion()).isEqualTo(2);
                    });
            assertThatThrownBy(() -> RocksEventLogReader.open(store)).isInstanceOf(IncompatibleFormatException.class);
        }
        // RocksDB's open rewrites its own MANIFEST, OPTIONS and write-ahead log; the tables stay as they were
        assertThat(tables(store)).isEqualTo(tables);
    }

    private static Map<String, Long> tables(Path store) throws IOException {
        Map<String, Long> sizes = new TreeMap<>();
        try (Stream<Path> files = Files.list(store)) {
            for (Path file :
                    files.filter(file -> file.toString().endsWith(".sst")).toList()) {
                sizes.put(file.getFileName().toString(), Files.size(file));
            }
        }
        return sizes;
    }
}
