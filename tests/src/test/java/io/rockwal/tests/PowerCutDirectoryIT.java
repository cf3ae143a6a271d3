package io.rockwal.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rockwal.core.WalEntry;
import io.rockwal.events.StandardEvents;
import io.rockwal.rocks.RocksEventLog;
import io.rockwal.rocks.RocksEventLogReader;
import io.rockwal.testkit.SampleEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The directory entries the store makes durable itself: a store created in a new directory, and a
 * backup moved into place. On a file system that keeps only what was fsynced, both were lost whole
 * by a power cut before rockwal fsynced their parent directories.
 */
class PowerCutDirectoryIT {

    private static final int ENTRIES = 500;

    @TempDir
    Path dir;

    @BeforeEach
    void fuse() {
        assumeTrue(PowerCutFs.unavailable() == null, PowerCutFs.unavailable());
    }

    @Test
    void aNewStoreInANewDirectorySurvivesAPowerCutAfterItsFirstFlush() throws Exception {
        Path backing = dir.resolve("backing");
        String report;
        try (PowerCutFs fs = PowerCutFs.mount(backing, dir.resolve("mnt"))) {
            try (RocksEventLog log =
                    RocksEventLog.open(fs.mountPoint().resolve("nodes").resolve("store"), 100)) {
                writeAndFlush(log);
            }
            report = fs.cut(PowerCutFs.Mode.DROP, 1);
        }
        System.out.println("power cut after a new store's first flush: " + report);
        assertThat(backing.resolve("nodes").resolve("store"))
                .as("the store directory survives the cut")
                .isDirectory();
        assertEntries(backing.resolve("nodes").resolve("store"));
    }

    @Test
    void aBackupThatBackupToReportedCompleteSurvivesAPowerCut() throws Exception {
        Path backing = dir.resolve("backing");
        for (boolean ownerOnly : new boolean[] {true, false}) {
            String name = ownerOnly ? "backup-owner-only" : "backup-shared";
            try (PowerCutFs fs = PowerCutFs.mount(backing, dir.resolve("mnt"))) {
                Path store = fs.mountPoint().resolve("store-" + name);
                try (RocksEventLog log = RocksEventLog.open(
                        store,
                        io.rockwal.rocks.RocksEventLogOptions.builder()
                                .ownerOnlyFiles(ownerOnly)
                                .build())) {
                    writeAndFlush(log);
                    log.backupTo(fs.mountPoint().resolve(name));
                }
                fs.cut(PowerCutFs.Mode.DROP, 2);
            }
            assertThat(backing.resolve(name)).as("%s survives the cut", name).isDirectory();
            assertEntries(backing.resolve(name));
        }
    }

    private static void writeAndFlush(RocksEventLog log) {
        for (long lsn = 1; lsn <= ENTRIES; lsn++) {
            assertThat(log.write(SampleEvents.of(lsn))).isEqualTo(lsn);
        }
        log.flush();
    }

    private static void assertEntries(Path store) {
        assertThat(Files.exists(store.resolve("CURRENT"))).isTrue();
        try (RocksEventLogReader reader = RocksEventLogReader.open(store)) {
            List<WalEntry> entries = new ArrayList<>();
            reader.replay(entries::add);
            assertThat(entries).hasSize(ENTRIES);
            for (WalEntry entry : entries) {
                assertThat(entry.payload())
                        .as("LSN %d", entry.lsn())
                        .isEqualTo(StandardEvents.catalog()
                                .encode(SampleEvents.of(entry.lsn()))
                                .payload());
            }
        }
    }
}
