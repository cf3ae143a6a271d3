package io.rockwal.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockwal.core.EncodedEvent;
import io.rockwal.core.EventCatalog;
import io.rockwal.core.EventLogIOException;
import io.rockwal.core.WalEntry;
import io.rockwal.events.StandardEvents;
import io.rockwal.rocks.RocksEventLog;
import io.rockwal.rocks.RocksEventLogOptions;
import io.rockwal.testkit.SampleEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store on a small tmpfs, written and flushed until the file system is full.
 *
 * <p>What is promised, and checked here: the failing flush throws an {@link EventLogIOException} marked
 * transient whose message says the disk is full, in which directory and which file; the entries of the
 * failed flush stay buffered with their LSNs; once space is freed the same open log accepts flushes
 * and writes again, without a reopen. RocksDB itself recovers from an out-of-space error: its file
 * manager polls the free space and resumes the database (within about five seconds here), so until
 * then a retry fails with the same transient error. Every entry flushed before the failure, the
 * retried ones and those written after it are readable with their exact content after close and
 * reopen.
 *
 * <p>The same, for the flush inside {@code write}: the write that triggered it is not logged, the
 * entries before it stay buffered.
 *
 * <p>Needs root to mount (as the sandbox and CI run); elsewhere it is skipped with the reason printed.
 */
class DiskFullIT {

    private static final EventCatalog CATALOG = StandardEvents.catalog();
    private static volatile String summary = "disk full: did not run";
    private static volatile String writeSummary = "disk full, automatic flush: did not run";

    @TempDir
    Path dir;

    @Test
    void aFullDiskFailsTheFlushClearlyLosesNothingAndTheSameLogWritesAgainOnceSpaceIsFreed() throws Exception {
        long start = System.nanoTime();
        Path mount = mountTmpfs(dir.resolve("mnt"), "24m");
        try {
            Path ballast = mount.resolve("ballast");
            Files.write(ballast, SampleEvents.randomBytes(new SplittableRandom(1), 8 << 20));
            Path store = mount.resolve("store");
            RocksEventLogOptions options = RocksEventLogOptions.builder()
                    .writeBufferBytes(4 << 20)
                    .batchSize(100_000)
                    .build();
            long flushedBeforeFailure;
            long lastLsnAtFailure;
            long retries = 0;
            EventLogIOException failure = null;
            try (RocksEventLog log = RocksEventLog.open(store, options)) {
                long seed = 1;
                while (failure == null && seed < 1_000_000) {
                    assertThat(log.write(SampleEvents.of(seed))).isEqualTo(seed);
                    seed++;
                    if (seed % 20 == 0) {
                        try {
                            log.flush();
                        } catch (EventLogIOException e) {
                            failure = e;
                        }
                    }
                }
                assertThat(failure)
                        .as("a flush failed before a million entries")
                        .isNotNull();
                flushedBeforeFailure = log.lastFlushedLsn();
                lastLsnAtFailure = log.lastLsn();
                assertThat(failure.isTransient()).isTrue();
                assertThat(failure.getMessage()).contains("disk is full").contains(store.toString());
                assertThat(lastLsnAtFailure)
                        .as("the failed flush's entries stay buffered")
                        .isGreaterThan(flushedBeforeFailure);
                assertThat(log.get(lastLsnAtFailure)).isPresent();
                assertThatThrownBy(log::flush).as("still full").isInstanceOf(EventLogIOException.class);

                Files.delete(ballast);
                retries += flushOnceSpaceIsBack(log);
                assertThat(log.lastFlushedLsn()).isEqualTo(lastLsnAtFailure);
                for (int i = 0; i < 100; i++) {
                    log.write(SampleEvents.of(lastLsnAtFailure + 1 + i));
                }
                log.flush();
            }
            long lastLsn = lastLsnAtFailure + 100;
            try (RocksEventLog reopened = RocksEventLog.open(store, options)) {
                assertThat(reopened.lastFlushedLsn()).isEqualTo(lastLsn);
                for (long lsn = 1; lsn <= lastLsn; lsn++) {
                    WalEntry entry = reopened.get(lsn).orElseThrow(() -> new AssertionError("lost an entry"));
                    EncodedEvent expected = CATALOG.encode(SampleEvents.of(entry.lsn()));
                    assertThat(entry.payload()).as("entry %d", lsn).isEqualTo(expected.payload());
                    assertThat(entry.type()).isEqualTo(expected.type());
                }
                reopened.write(SampleEvents.of(lastLsn + 1));
                reopened.flush();
            }
            summary = String.format(
                    "disk full: 24 MiB tmpfs filled after %,d flushed entries; error: %s; "
                            + "same log flushed again after %d retries (200 ms apart) once 8 MiB were freed; "
                            + "%,d entries verified after reopen; %.1f s",
                    flushedBeforeFailure, failure.getMessage(), retries, lastLsn, (System.nanoTime() - start) / 1e9);
        } finally {
            unmount(mount);
        }
    }

    /**
     * The flush inside {@code write} (the buffer reached the batch size) fails on a full disk: that
     * write throws, its event is not logged and its LSN goes to the next event, while the entries
     * written before it stay buffered with their LSNs, readable, and are flushed once space is back.
     */
    @Test
    void aFailedAutomaticFlushLogsNotThatEventAndKeepsTheEntriesBuffered() throws Exception {
        long start = System.nanoTime();
        Path mount = mountTmpfs(dir.resolve("mnt"), "24m");
        try {
            Path ballast = mount.resolve("ballast");
            Files.write(ballast, SampleEvents.randomBytes(new SplittableRandom(2), 8 << 20));
            Path store = mount.resolve("store");
            int batchSize = 20;
            RocksEventLogOptions options = RocksEventLogOptions.builder()
                    .writeBufferBytes(4 << 20)
                    .batchSize(batchSize)
                    .build();
            long failedLsn = 0;
            EventLogIOException failure = null;
            try (RocksEventLog log = RocksEventLog.open(store, options)) {
                for (long seed = 1; failure == null && seed < 1_000_000; seed++) {
                    try {
                        assertThat(log.write(SampleEvents.of(seed))).isEqualTo(seed);
                    } catch (EventLogIOException e) {
                        failure = e;
                        failedLsn = seed;
                    }
                }
                assertThat(failure)
                        .as("an automatic flush failed before a million entries")
                        .isNotNull();
                assertThat(failure.isTransient()).isTrue();
                assertThat(failure.getMessage()).contains("disk is full");
                assertThat(failedLsn % batchSize)
                        .as("the write that filled the batch failed")
                        .isZero();
                assertThat(log.lastLsn()).as("the failed write used up no LSN").isEqualTo(failedLsn - 1);
                assertThat(log.lastFlushedLsn())
                        .as("the batch before it is still buffered")
                        .isEqualTo(failedLsn - batchSize);
                assertThat(log.get(failedLsn)).isEmpty();
                assertThat(log.get(failedLsn - 1)).isPresent();

                Files.delete(ballast);
                flushOnceSpaceIsBack(log);
                assertThat(log.lastFlushedLsn()).isEqualTo(failedLsn - 1);
                assertThat(log.write(SampleEvents.of(failedLsn)))
                        .as("the event written again gets the LSN")
                        .isEqualTo(failedLsn);
            }
            try (RocksEventLog reopened = RocksEventLog.open(store, options)) {
                assertThat(reopened.lastFlushedLsn()).isEqualTo(failedLsn);
                for (long lsn = 1; lsn <= failedLsn; lsn++) {
                    WalEntry entry = reopened.get(lsn).orElseThrow(() -> new AssertionError("lost an entry"));
                    assertThat(entry.payload())
                            .as("entry %d", lsn)
                            .isEqualTo(CATALOG.encode(SampleEvents.of(lsn)).payload());
                }
            }
            writeSummary = String.format(
                    "disk full, automatic flush: the write of LSN %,d failed (%d entries"
                            + " before it stayed buffered), the same event written again got LSN %,d once space was freed;"
                            + " %,d entries verified after reopen; %.1f s",
                    failedLsn, batchSize - 1, failedLsn, failedLsn, (System.nanoTime() - start) / 1e9);
        } finally {
            unmount(mount);
        }
    }

    /** Mounts a tmpfs of the size at {@code mount}, or skips the test saying why it cannot. */
    static Path mountTmpfs(Path mount, String size) throws IOException, InterruptedException {
        Files.createDirectories(mount);
        Assumptions.assumeTrue(Path.of("/proc/mounts").toFile().exists(), "skipped: not Linux");
        ProcessBuilder builder = new ProcessBuilder(
                        "mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mount.toString())
                .redirectErrorStream(true);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            summary = "disk full: skipped, cannot run mount: " + e.getMessage();
            Assumptions.abort(summary);
            return mount;
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.waitFor() != 0) {
            summary = "disk full: skipped, mounting a tmpfs needs root (" + output + ")";
            Assumptions.abort(summary);
        }
        return mount;
    }

    static void unmount(Path mount) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("umount", mount.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.waitFor() != 0) {
            throw new IOException("cannot unmount " + mount + ": " + output);
        }
    }

    @AfterAll
    static void printSummary() {
        System.out.println(summary);
        System.out.println(writeSummary);
    }

    /**
     * Flushes until RocksDB has resumed after a full disk (it polls the free space): every failure on
     * the way must be the transient disk-full one, and the flush must pass within 60 s.
     *
     * @return how many flushes failed before one passed
     */
    static int flushOnceSpaceIsBack(RocksEventLog log) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int retries = 0; ; retries++) {
            try {
                log.flush();
                return retries;
            } catch (EventLogIOException e) {
                assertThat(e.isTransient())
                        .as("a retry while RocksDB resumes: %s", e.getMessage())
                        .isTrue();
                assertThat(System.nanoTime())
                        .as("flush still failing 60 s after space was freed: " + e)
                        .isLessThan(deadline);
                Thread.sleep(200);
            }
        }
    }
}
