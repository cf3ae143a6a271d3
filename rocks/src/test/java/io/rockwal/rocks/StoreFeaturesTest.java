package io.rockwal.rocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockwal.core.EventLogIOException;
import io.rockwal.core.IndexKeys;
import io.rockwal.core.Operation;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import io.rockwal.events.EventFactory;
import io.rockwal.events.PoTSBlockEvent;
import io.rockwal.events.ReconciliationEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksIterator;

/** RocksDB-specific behaviour beyond the shared contract: backups, index upkeep, reader views. */
class StoreFeaturesTest {

    @TempDir
    Path dir;

    private static PoTSBlockEvent block(long number) {
        return new PoTSBlockEvent(Operation.APPEND, number, new byte[] {(byte) number, 7}, number);
    }

    @Test
    void aBackupOpensAsANormalStoreWithEverythingFlushedBeforeIt() {
        Path store = dir.resolve("store");
        Path backup = dir.resolve("backup");
        try (RocksEventLog log = RocksEventLog.open(store, 0)) {
            for (int i = 1; i <= 50; i++) {
                log.write(block(i));
            }
            log.createCheckpoint();
            log.write(block(51));
            log.backupTo(backup);
            log.write(block(52));
            assertThatThrownBy(() -> log.backupTo(backup)).isInstanceOf(EventLogIOException.class);
        }
        try (RocksEventLog copy = RocksEventLog.open(backup, 0)) {
            assertThat(copy.lastLsn()).isEqualTo(51);
            assertThat(copy.checkpoints()).containsExactly(50L);
            assertThat(EventFactory.decode(copy.get(51).orElseThrow())).isEqualTo(block(51));
            assertThat(copy.findByKey(WalType.POTS, IndexKeys.ofUnsignedLong(7)))
                    .hasSize(1);
            assertThat(copy.write(block(52))).isEqualTo(52);
        }
    }

    @Test
    void aNewStoreStartsAtTheFirstLsnItWasGivenAndKeepsItsLsnsOnReopen() {
        Path store = dir.resolve("store");
        RocksEventLogOptions from517 =
                RocksEventLogOptions.builder().firstLsn(517).build();
        try (RocksEventLog log = RocksEventLog.open(store, from517)) {
            assertThat(log.metadata().firstRetainedLsn()).isEqualTo(517);
            assertThat(log.lastFlushedLsn()).isEqualTo(516);
            assertThat(log.write(block(1))).isEqualTo(517);
            assertThat(log.createCheckpoint()).isEqualTo(517);
        }
        try (RocksEventLog log = RocksEventLog.open(
                        store, RocksEventLogOptions.builder().firstLsn(9).build());
                RocksEventLogReader reader = RocksEventLogReader.open(store)) {
            assertThat(log.write(block(2)))
                    .as("an existing store keeps its LSNs")
                    .isEqualTo(518);
            log.flush();
            assertThat(log.get(516)).isEmpty();
            assertThat(log.checkpoints()).containsExactly(517L);
            assertThat(reader.catchUp().firstRetainedLsn()).isEqualTo(517);
            assertThat(EventFactory.decode(reader.get(518).orElseThrow())).isEqualTo(block(2));
        }
        assertThatThrownBy(() -> RocksEventLogOptions.builder().firstLsn(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was 0");
    }

    @Test
    void truncationSweepsTheKeyIndexInTheBackground() throws Exception {
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            for (int i = 1; i <= 3000; i++) {
                log.write(i % 2 == 0 ? block(i) : new ReconciliationEvent("0x" + i, "1", "2", i, i));
            }
            log.truncateBefore(2001);
            assertThat(log.awaitBackgroundCompaction(Duration.ofSeconds(30))).isTrue();
            assertThat(log.count(WalType.POTS)).isEqualTo(500);
            assertThat(log.scanByKey(WalType.POTS, null, null, 10_000)).hasSize(500);
        }
        try (RawStore raw = RawStore.open(dir);
                RocksIterator keys = raw.db().newIterator(raw.handle(KeyIndex.COLUMN_FAMILY))) {
            long left = 0;
            for (keys.seekToFirst(); keys.isValid(); keys.next()) {
                assertThat(KeyIndex.lsn(keys.key())).isGreaterThanOrEqualTo(2001);
                left++;
            }
            assertThat(left).isEqualTo(500);
        }
    }

    @Test
    void aReaderSeesWhatTheWriterFlushedAfterCatchingUp() {
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            log.write(block(1));
            log.flush();
            try (RocksEventLogReader reader = RocksEventLogReader.open(dir)) {
                assertThat(reader.mode()).isEqualTo(RocksEventLogReader.Mode.SECONDARY);
                assertThat(reader.metadata().lastFlushedLsn()).isEqualTo(1);
                log.write(block(2));
                log.write(block(3));
                assertThat(reader.catchUp().lastFlushedLsn())
                        .as("nothing new is flushed")
                        .isEqualTo(1);
                log.flush();
                assertThat(reader.catchUp().lastFlushedLsn()).isEqualTo(3);
                assertThat(EventFactory.decode(reader.get(3).orElseThrow())).isEqualTo(block(3));
                assertThat(reader.last(WalType.POTS).orElseThrow().lsn()).isEqualTo(3);
                List<Long> lsns = new ArrayList<>();
                reader.scan(2, 10).forEach(entry -> lsns.add(entry.lsn()));
                assertThat(lsns).containsExactly(2L, 3L);
            }
        }
    }

    @Test
    void aReaderOfAClosedStoreIsReadOnlyAndWritesNothing() throws Exception {
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            log.write(block(1));
        }
        List<String> before = listing(dir);
        try (RocksEventLogReader reader = RocksEventLogReader.open(dir)) {
            assertThat(reader.mode()).isEqualTo(RocksEventLogReader.Mode.READ_ONLY);
            WalEntry entry = reader.get(1).orElseThrow();
            assertThat(EventFactory.decode(entry)).isEqualTo(block(1));
            assertThat(reader.types()).contains(WalType.POTS);
        }
        assertThat(listing(dir)).isEqualTo(before);
    }

    @Test
    void aReaderRefusesADirectoryWithoutAStore() throws Exception {
        Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> RocksEventLogReader.open(dir.resolve("empty")))
                .isInstanceOf(EventLogIOException.class);
        assertThatThrownBy(() -> RocksEventLogReader.open(dir.resolve("missing")))
                .isInstanceOf(EventLogIOException.class);
        assertThat(dir.resolve("missing")).doesNotExist();
    }

    private static List<String> listing(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.sorted()
                    .map(file -> file.getFileName() + ":" + file.toFile().length() + ":"
                            + file.toFile().lastModified())
                    .toList();
        }
    }
}
