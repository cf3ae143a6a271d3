package io.rockwal.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockwal.rocks.RocksEventLog;
import io.rockwal.rocks.RocksEventLogOptions;
import io.rockwal.testkit.SampleEvents;
import io.rockwal.testkit.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who can read a store: the permissions of what the log creates, with
 * {@link RocksEventLogOptions#ownerOnlyFiles()} on (the default) and off, and of a backup; and that the
 * debugging tool leaves a store that a node holds open untouched (its closed-store twin is
 * {@code tool.ReadOnlyToolIT}).
 *
 * <p>RocksDB creates its own files (tables, its write-ahead log, {@code MANIFEST}, {@code OPTIONS},
 * {@code LOG}) with the process's umask, typically {@code rw-r--r--}; the log does not change them. That
 * is safe because the store directory is {@code rwx------}: another user cannot look up any name inside
 * it, whatever the file's own bits. The test records RocksDB's modes and asserts the directory's, which
 * is what protects them.
 */
class FilePermissionsIT {

    private static final Map<String, String> FIGURES = new TreeMap<>();

    @TempDir
    Path dir;

    @Test
    void byDefaultTheStoreDirectoryAndLockFileAreOwnerOnly() throws IOException {
        Path store = dir.resolve("store");
        writeStore(store, RocksEventLogOptions.defaults());
        assertThat(mode(store)).isEqualTo("rwx------");
        assertThat(mode(store.resolve("rockwal.lock"))).isEqualTo("rw-------");
        FIGURES.put(
                "default",
                "directory " + mode(store) + ", lock " + mode(store.resolve("rockwal.lock")) + ", RocksDB's files "
                        + rocksDbModes(store));
    }

    @Test
    void withOwnerOnlyFilesOffTheUmaskDecides() throws IOException {
        Path store = dir.resolve("store");
        writeStore(store, RocksEventLogOptions.builder().ownerOnlyFiles(false).build());
        Path probe = Files.createDirectory(dir.resolve("probe"));
        Files.createFile(probe.resolve("file"));
        assertThat(mode(store)).isEqualTo(mode(probe));
        assertThat(mode(store.resolve("rockwal.lock"))).isEqualTo(mode(probe.resolve("file")));
        FIGURES.put(
                "ownerOnlyFiles(false)", "directory " + mode(store) + ", lock " + mode(store.resolve("rockwal.lock")));
    }

    @Test
    void aBackupDirectoryIsOwnerOnly() throws IOException {
        Path store = dir.resolve("store");
        Path backup = dir.resolve("backup");
        try (RocksEventLog log = RocksEventLog.open(store, 0)) {
            log.write(SampleEvents.of(1));
            log.backupTo(backup);
        }
        assertThat(mode(backup)).isEqualTo("rwx------");
        try (java.util.stream.Stream<Path> siblings = Files.list(dir)) {
            assertThat(siblings.map(path -> path.getFileName().toString()))
                    .as("no staging directory left")
                    .containsExactlyInAnyOrder("store", "backup");
        }
        try (RocksEventLog copy = RocksEventLog.open(backup, 0)) {
            assertThat(copy.lastFlushedLsn()).isEqualTo(1);
        }
        FIGURES.put("backup", "directory " + mode(backup) + ", files " + rocksDbModes(backup));
    }

    @Test
    void aBackupKeepsDefaultPermissionsWhenOwnerOnlyFilesIsOff() throws IOException {
        Path store = dir.resolve("store");
        Path backup = dir.resolve("backup");
        Path probe = Files.createDirectory(dir.resolve("probe"));
        try (RocksEventLog log = RocksEventLog.open(
                store, RocksEventLogOptions.builder().ownerOnlyFiles(false).build())) {
            log.write(SampleEvents.of(1));
            log.backupTo(backup);
        }
        assertThat(mode(backup)).isEqualTo(mode(probe));
        FIGURES.put("backup with ownerOnlyFiles(false)", "directory " + mode(backup));
    }

    @Test
    void theToolLeavesAStoreANodeHoldsOpenUntouched() throws Exception {
        Path jar =
                Path.of("..", "rocks", "target", "rockwal.jar").toAbsolutePath().normalize();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(jar), "the tool's jar is built by the package phase");
        Path store = dir.resolve("store");
        try (RocksEventLog log = RocksEventLog.open(store, 0)) {
            for (int seed = 1; seed <= 200; seed++) {
                log.write(SampleEvents.of(seed));
            }
            log.createCheckpoint();
            List<String> before = TestFiles.fingerprint(store, "LOG");
            String at = store.toString();
            List<List<String>> commands = List.of(
                    List.of("get", "5"),
                    List.of("get", "5", "--raw"),
                    List.of("last", "--type", "pots"),
                    List.of("replay", "--limit", "50"),
                    List.of("stats"),
                    List.of("verify"));
            for (List<String> command : commands) {
                List<String> line = new java.util.ArrayList<>(
                        List.of(ProcessHandle.current().info().command().orElse("java"), "-jar", jar.toString()));
                line.addAll(command);
                line.addAll(List.of("--dir", at));
                Process tool = new ProcessBuilder(line)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                assertThat(tool.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(tool.exitValue()).as("%s", command).isZero();
            }
            assertThat(TestFiles.fingerprint(store, "LOG")).isEqualTo(before);
            FIGURES.put("tool on a live store", commands.size() + " commands, " + before.size() + " paths unchanged");
        }
    }

    private static void writeStore(Path store, RocksEventLogOptions options) {
        try (RocksEventLog log = RocksEventLog.open(store, options)) {
            for (int seed = 1; seed <= 50; seed++) {
                log.write(SampleEvents.of(seed));
            }
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    /** The distinct modes of RocksDB's files in a directory, with an example name each. */
    private static String rocksDbModes(Path store) throws IOException {
        Map<String, String> modes = new TreeMap<>();
        try (Stream<Path> files = Files.list(store)) {
            for (Path file : files.toList()) {
                if (!file.getFileName().toString().equals("rockwal.lock")) {
                    modes.putIfAbsent(mode(file), file.getFileName().toString());
                }
            }
        }
        return modes.toString();
    }

    @AfterAll
    static void printSummary() {
        System.out.println("file permissions: " + FIGURES);
    }
}
