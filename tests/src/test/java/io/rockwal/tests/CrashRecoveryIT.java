package io.rockwal.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockwal.core.LsnMetadata;
import io.rockwal.core.WalEntry;
import io.rockwal.events.EventFactory;
import io.rockwal.rocks.RocksEventLog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing child JVM with SIGKILL at random moments (some while it is still opening and
 * recovering) and checks after every kill that everything it acknowledged is there, exactly, with no
 * hole and no LSN reused. {@code -Drockwal.crash.kills=N} changes the number of kills (default 20).
 */
class CrashRecoveryIT {

    private static final int KILLS = Integer.getInteger("rockwal.crash.kills", 20);

    @TempDir
    Path dir;

    /** What the parent knows from the children's acknowledgements. */
    private long ackedFlushed;
    private long ackedTruncation = 1;
    private long highestRequestedTruncation = 1;
    /** First LSN each generation wrote: the generation of LSN n is the last one starting at or below n. */
    private final TreeMap<Long, Long> generationStarts = new TreeMap<>();

    @Test
    void everyAcknowledgedEntrySurvivesSigkillExactly() throws Exception {
        Path store = dir.resolve("store");
        long seed = Long.getLong("rockwal.crash.seed", System.nanoTime());
        System.out.println("crash recovery: seed " + seed + " (rerun with -Drockwal.crash.seed=" + seed + ")");
        Random random = new Random(seed);
        int killsDuringOpen = 0;
        long verifiedEntries = 0;
        for (int generation = 1; generation <= KILLS; generation++) {
            boolean duringOpen = random.nextInt(4) == 0;
            int batchSize = 1 + random.nextInt(200);
            boolean opened = runAndKill(store, generation, batchSize, duringOpen, random);
            if (!opened) {
                killsDuringOpen++;
            }
            verifiedEntries += verify(store);
        }
        System.out.printf("crash recovery: %d SIGKILLs survived (%d before the child finished opening), "
                + "%d entries verified, last flushed LSN %d%n", KILLS, killsDuringOpen, verifiedEntries, ackedFlushed);
    }

    /** Runs one child and kills it; returns whether it had finished opening. */
    private boolean runAndKill(Path store, long generation, int batchSize, boolean duringOpen, Random random)
            throws Exception {
        Process child = new ProcessBuilder(ChildJvm.command("256m", CrashChild.class,
                store.toString(), Long.toString(generation), Integer.toString(batchSize)))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BlockingDeque<String> lines = new LinkedBlockingDeque<>();
        Thread reader = new Thread(() -> readLines(child, lines), "crash-child-reader");
        reader.start();
        boolean opened = false;
        if (duringOpen) {
            Thread.sleep(random.nextInt(600));
        } else {
            String first = lines.poll(60, TimeUnit.SECONDS);
            assertThat(first).as("child %d never opened", generation).startsWith("OPEN ");
            lines.addFirst(first);
            Thread.sleep(50 + random.nextInt(700));
        }
        assertThat(child.isAlive()).as("child %d died before it was killed", generation).isTrue();
        // SIGKILL through the process handle: Process.destroyForcibly() would also close our end of the
        // child's stdout and lose acknowledgements still in the pipe.
        child.toHandle().destroyForcibly();
        child.waitFor(60, TimeUnit.SECONDS);
        reader.join(60_000);
        for (String line : lines) {
            if (System.getProperty("rockwal.crash.trace") != null) {
                System.out.println("gen " + generation + ": " + line);
            }
            opened |= acknowledge(generation, line);
        }
        return opened;
    }

    private boolean acknowledge(long generation, String line) {
        String[] parts = line.split(" ");
        switch (parts[0]) {
            case "OPEN" -> {
                long lastFlushed = Long.parseLong(parts[1]);
                assertThat(lastFlushed).as("durable LSN at open").isGreaterThanOrEqualTo(ackedFlushed);
                generationStarts.put(lastFlushed + 1, generation);
                return true;
            }
            case "FLUSHED" -> ackedFlushed = Math.max(ackedFlushed, Long.parseLong(parts[1]));
            case "TRUNCATING", "CHECKPOINT" -> highestRequestedTruncation =
                    Math.max(highestRequestedTruncation, Long.parseLong(parts[1]));
            case "TRUNCATED" -> ackedTruncation = Math.max(ackedTruncation, Long.parseLong(parts[1]));
            default -> throw new AssertionError("unexpected line from the child: " + line);
        }
        return false;
    }

    /** Opens the store as the next run would and checks it; returns how many entries it checked. */
    private long verify(Path store) {
        if (generationStarts.isEmpty()) {
            return 0;
        }
        try (RocksEventLog log = RocksEventLog.open(store, 0)) {
            LsnMetadata metadata = log.metadata();
            assertThat(metadata.lastFlushedLsn()).as("every acknowledged flush is durable")
                    .isGreaterThanOrEqualTo(ackedFlushed);
            assertThat(metadata.currentLsn()).isEqualTo(metadata.lastFlushedLsn());
            // A checkpoint rotation truncates before a checkpoint still listed, so the listed ones bound it too.
            long highestAllowed = Math.max(highestRequestedTruncation,
                    log.checkpoints().stream().mapToLong(Long::longValue).max().orElse(1));
            assertThat(metadata.firstRetainedLsn()).as("acknowledged truncations are applied, no others")
                    .isGreaterThanOrEqualTo(ackedTruncation)
                    .isLessThanOrEqualTo(highestAllowed);
            List<Long> lsns = new ArrayList<>();
            log.replay(entry -> {
                assertThat(EventFactory.decode(entry)).as("content of LSN %d", entry.lsn())
                        .isEqualTo(SampleEvents.of(CrashChild.seed(generationOf(entry), entry.lsn())));
                lsns.add(entry.lsn());
            });
            long expectedCount = metadata.lastFlushedLsn() - metadata.firstRetainedLsn() + 1;
            assertThat(lsns).as("no hole between first retained and last flushed LSN")
                    .hasSize((int) Math.max(0, expectedCount));
            if (!lsns.isEmpty()) {
                assertThat(lsns.get(0)).isEqualTo(metadata.firstRetainedLsn());
            }
            assertThat(log.checkpoints()).isSorted()
                    .allSatisfy(checkpoint -> assertThat(checkpoint).isLessThanOrEqualTo(metadata.lastFlushedLsn()));
            ackedFlushed = metadata.lastFlushedLsn();
            ackedTruncation = metadata.firstRetainedLsn();
            return lsns.size();
        }
    }

    private long generationOf(WalEntry entry) {
        Map.Entry<Long, Long> start = generationStarts.floorEntry(entry.lsn());
        assertThat(start).as("a generation wrote LSN %d", entry.lsn()).isNotNull();
        return start.getValue();
    }

    private static void readLines(Process child, BlockingDeque<String> lines) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the child was killed mid-line; what was read is what it acknowledged
        }
    }
}
