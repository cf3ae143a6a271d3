package io.rockwal.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rockwal.testkit.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The power-cut loop of issue 13. Each round mounts {@link PowerCutFs} over one backing directory, and a
 * child JVM ({@link CrashChild}) opens the store through it and writes every event type with flushes,
 * {@code writeAsync} bursts, truncations, checkpoints and {@code backupTo}. At a random moment after its
 * first acknowledged flush the child is SIGKILLed and the power is cut in that instant (the child issues
 * nothing after the kill; pcutfs then brings the backing directory back to what fsync made durable, in
 * the round's mode). Then, on the backing directory alone, without the file system:
 *
 * <ul>
 *   <li>the store opens (read-only, then writable every {@value #FULL_CHECK_EVERY} rounds and at the end);</li>
 *   <li>every acknowledged LSN reads back byte for byte, LSNs are contiguous, counts, lasts and the
 *       metadata agree, and a truncation or checkpoint in flight applied fully or not at all
 *       ({@link CrashLedger#check});</li>
 *   <li>every backup {@code backupTo} reported complete opens on its own with exactly the LSNs it held.</li>
 * </ul>
 *
 * Rounds take the three cut modes in turn; in two rounds of three every fsync is delayed by up to
 * {@value #MAX_FSYNC_DELAY_MILLIS} ms, so more cuts land while a batch is written but not yet durable. {@code -Drockwal.powercut.cuts=N} sets the number of cuts
 * (default 30; the long profile 1,000), {@code -Drockwal.powercut.seed=S} replays a run's choices (not
 * its timing). On a machine without FUSE the test is skipped with one line saying why.
 */
class PowerCutLoopIT {

    private static final int CUTS = Integer.getInteger("rockwal.powercut.cuts", 30);
    private static final int FULL_CHECK_EVERY = 10;
    private static final int WRITING_WINDOW_MILLIS = 1500;
    private static final long TIMEOUT_MILLIS = 120_000;
    private static final long ROUND_DEADLINE_SECONDS = 420;
    private static final int CHILDREN_AHEAD = 1;
    private static final int MAX_FSYNC_DELAY_MILLIS = 20;
    private static final Pattern CUT_FIELD = Pattern.compile("(\\w+)=(\\d+)");

    @TempDir
    Path dir;

    private final Map<PowerCutFs.Mode, Integer> cutsByMode = new EnumMap<>(PowerCutFs.Mode.class);
    private final Map<String, Long> cutTotals = new java.util.TreeMap<>();
    private int backupsVerified;
    private int truncations;
    private int checkpoints;

    @Test
    void everyAcknowledgedEntryAndEveryFinishedBackupSurvivePowerCuts() throws Exception {
        assumeTrue(PowerCutFs.unavailable() == null, PowerCutFs.unavailable());
        long seed = Long.getLong("rockwal.powercut.seed", System.nanoTime());
        System.out.println("power-cut loop: seed " + seed + " (rerun with -Drockwal.powercut.seed=" + seed + ")");
        Random random = new Random(seed);
        Path backing = dir.resolve("backing");
        Path mount = dir.resolve("mnt");
        Files.createDirectories(backing.resolve("backups"));
        CrashLedger ledger = new CrashLedger(new Random(seed + 1));
        long began = System.nanoTime();
        Deque<CrashChildProcess> ahead = new ArrayDeque<>();
        int started = 0;
        try {
            for (int round = 1; round <= CUTS; round++) {
                while (started < CUTS && started < round + CHILDREN_AHEAD) {
                    started++;
                    ahead.addLast(CrashChildProcess.start(
                            mount.resolve("store"), started, 1 + random.nextInt(200), 6, mount.resolve("backups")));
                }
                CrashChildProcess child = ahead.removeFirst();
                PowerCutFs.Mode mode = PowerCutFs.Mode.values()[(round - 1) % PowerCutFs.Mode.values().length];
                List<String> lines;
                String report;
                int fsyncDelay = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(MAX_FSYNC_DELAY_MILLIS);
                try (PowerCutFs fs = PowerCutFs.mount(backing, mount);
                        Watchdog watchdog = new Watchdog(round, child, fs)) {
                    // a slow fsync widens the moments when a batch is written and not yet durable
                    fs.command("fsync-delay " + fsyncDelay);
                    try {
                        expect(child, round, child.await("READY", 0, TIMEOUT_MILLIS), "READY");
                        child.go();
                        int opened = child.await("OPEN ", 0, TIMEOUT_MILLIS);
                        expect(child, round, opened, "OPEN");
                        expect(child, round, child.await("FLUSHED ", opened, TIMEOUT_MILLIS), "FLUSHED");
                        Thread.sleep(random.nextInt(WRITING_WINDOW_MILLIS + 1));
                        assertThat(child.isAlive())
                                .as("child %d died before the cut", round)
                                .isTrue();
                    } finally {
                        lines = child.killAndCollect();
                    }
                    report = fs.cut(mode, random.nextLong());
                    watchdog.disarm();
                }
                tally(mode, report);
                try {
                    CrashLedger.Said said = ledger.take(round, lines);
                    truncations += said.truncations();
                    checkpoints += said.checkpoints();
                    ledger.check(backing.resolve("store"), said.allowedFirstRetained());
                    for (CrashLedger.Backup backup : said.backups()) {
                        ledger.checkBackup(backing.resolve("backups").resolve(backup.name()), backup);
                        backupsVerified++;
                    }
                } catch (RuntimeException | AssertionError e) {
                    keepForPostMortem(backing, round, mode, fsyncDelay, report, lines);
                    throw e;
                }
                clear(backing.resolve("backups"));
                if (round % FULL_CHECK_EVERY == 0) {
                    ledger.checkFully(backing.resolve("store"), -round);
                }
            }
            ledger.checkFully(backing.resolve("store"), -(CUTS + 1L));
        } finally {
            for (CrashChildProcess unused : ahead) {
                unused.discard();
            }
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began);
        System.out.printf(
                "power-cut loop: %d cuts (%d drop, %d torn, %d garbage), %,d acknowledged LSNs verified"
                        + " byte for byte (%,d entry checks), %d finished backups verified, %,d truncations, %,d"
                        + " checkpoints; pcutfs dropped %,d unsynced bytes, kept %,d, garbled %,d, undid %,d directory"
                        + " entries; %d torn MANIFEST tails cut back by an open; 0 failures; last LSN %,d, in %d s%n",
                CUTS,
                cutsByMode.getOrDefault(PowerCutFs.Mode.DROP, 0),
                cutsByMode.getOrDefault(PowerCutFs.Mode.TORN, 0),
                cutsByMode.getOrDefault(PowerCutFs.Mode.GARBAGE, 0),
                ledger.entriesVerified(),
                ledger.entryChecks(),
                backupsVerified,
                truncations,
                checkpoints,
                cutTotals.getOrDefault("dropped_bytes", 0L),
                cutTotals.getOrDefault("kept_unsynced_bytes", 0L),
                cutTotals.getOrDefault("garbled_bytes", 0L),
                cutTotals.getOrDefault("entries_undone", 0L),
                ledger.manifestTailsCut(),
                ledger.durableLsn(),
                seconds);
        assertThat(cutsByMode).as("every cut mode exercised").hasSize(Math.min(CUTS, PowerCutFs.Mode.values().length));
    }

    /**
     * Ends a round that hangs (a child or pcutfs stuck in the kernel, a mount that no longer answers)
     * after {@value #ROUND_DEADLINE_SECONDS} s: prints where every thread of this JVM, the child and
     * pcutfs are waiting, then kills the child and pcutfs and detaches the mount, so the round fails with
     * an exception instead of stalling the build until its time limit.
     */
    private static final class Watchdog implements AutoCloseable {
        private final java.util.concurrent.ScheduledExecutorService timer =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor(task -> {
                    Thread thread = new Thread(task, "power-cut-watchdog");
                    thread.setDaemon(true);
                    return thread;
                });
        private final java.util.concurrent.ScheduledFuture<?> alarm;

        Watchdog(int round, CrashChildProcess child, PowerCutFs fs) {
            alarm = timer.schedule(() -> fire(round, child, fs), ROUND_DEADLINE_SECONDS, TimeUnit.SECONDS);
        }

        private static void fire(int round, CrashChildProcess child, PowerCutFs fs) {
            StringBuilder out = new StringBuilder("power-cut loop: round " + round + " still running after "
                    + ROUND_DEADLINE_SECONDS + " s; where everything waits:\n");
            Thread.getAllStackTraces().forEach((thread, stack) -> {
                out.append("  thread ")
                        .append(thread.getName())
                        .append(' ')
                        .append(thread.getState())
                        .append('\n');
                for (StackTraceElement frame : stack) {
                    out.append("    at ").append(frame).append('\n');
                }
            });
            for (long pid : new long[] {child.pid(), fs.pid()}) {
                out.append("  process ")
                        .append(pid)
                        .append(" kernel stack:\n    ")
                        .append(readQuietly(Path.of("/proc", Long.toString(pid), "stack"))
                                .replace("\n", "\n    "))
                        .append('\n');
            }
            List<String> lines = child.linesSoFar();
            out.append("  the child's last lines: ")
                    .append(lines.subList(Math.max(0, lines.size() - 12), lines.size()));
            System.out.println(out);
            child.kill();
            try {
                fs.abort();
            } catch (IOException | InterruptedException e) {
                System.out.println("power-cut loop: could not abort pcutfs: " + e);
            }
        }

        private static String readQuietly(Path file) {
            try {
                return Files.readString(file).strip();
            } catch (IOException e) {
                return "(" + e + ")";
            }
        }

        void disarm() {
            alarm.cancel(false);
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }

    /** Adds up the figures of pcutfs's CUT line ({@code CUT mode=drop files=3 dropped_bytes=...}). */
    private void tally(PowerCutFs.Mode mode, String report) {
        assertThat(report).as("pcutfs's report of the cut").startsWith("CUT ");
        cutsByMode.merge(mode, 1, Integer::sum);
        Matcher field = CUT_FIELD.matcher(report);
        while (field.find()) {
            cutTotals.merge(field.group(1), Long.parseLong(field.group(2)), Long::sum);
        }
    }

    /**
     * Prints what led to a failed round and copies the backing directory to
     * {@code target/power-cut-failure-ROUND}, which outlives the test's temporary directory, with
     * pcutfs's log of the cut (every directory entry it undid) and all the child said beside it.
     */
    private static void keepForPostMortem(
            Path backing, int round, PowerCutFs.Mode mode, int fsyncDelay, String report, List<String> lines)
            throws IOException {
        Path kept = Path.of("target", "power-cut-failure-" + round).toAbsolutePath();
        System.out.println("power-cut loop: round " + round + " failed (mode " + mode + ", fsync delay " + fsyncDelay
                + " ms); pcutfs: " + report + "; the child's last lines: "
                + lines.subList(Math.max(0, lines.size() - 12), lines.size()) + "; backing directory kept in " + kept);
        try (Stream<Path> paths = Files.walk(backing)) {
            for (Path path : (Iterable<Path>) paths.sorted()::iterator) {
                Path copy = kept.resolve(backing.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Files.copy(
                PowerCutFs.log(backing),
                kept.resolveSibling(kept.getFileName() + ".pcutfs.log"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.write(kept.resolveSibling(kept.getFileName() + ".child.log"), lines);
    }

    /** Removes every backup (finished or cut short) from the backing directory, keeping the directory. */
    private static void clear(Path backups) throws IOException {
        TestFiles.deleteContents(backups);
    }

    private static void expect(CrashChildProcess child, int round, int lineIndex, String line) {
        if (lineIndex < 0) {
            throw new AssertionError("child " + round + " never said " + line
                    + (child.isAlive()
                            ? " within " + TIMEOUT_MILLIS + " ms"
                            : "; it ended with status " + child.exitValue()));
        }
    }
}
