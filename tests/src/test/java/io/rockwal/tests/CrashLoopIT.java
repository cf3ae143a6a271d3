package io.rockwal.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash loop of issue 7: child JVMs ({@link CrashChild}) write events of every type, flush, use
 * {@code writeAsync}, truncate and checkpoint at random on one store, and the parent SIGKILLs each of
 * them. The parent decides each round's moment in advance, so the counts are guaranteed:
 *
 * <ul>
 *   <li><b>recovery</b>: a random moment within the time an open takes, counted from the go that lets
 *       the child open the store a crash left behind: while RocksDB recovers, or just after, as the child
 *       resumes writing;</li>
 *   <li><b>truncation</b>: right after the child announces {@code truncateBefore} (a random delay of
 *       up to {@value #TRUNCATION_DELAY_MICROS} µs), landing before or after the truncation applied;</li>
 *   <li><b>writing</b>: a random moment after the child's first acknowledged flush.</li>
 * </ul>
 *
 * <p>After every kill the parent checks the store read-only ({@link CrashLedger#check}); every
 * {@value #FULL_CHECK_EVERY_DEFAULT} rounds (property {@code rockwal.crash.fullCheckEvery}) and at the
 * end it also opens it writable, checks every lookup and the key index, and writes
 * ({@link CrashLedger#checkFully}). {@code -Drockwal.crash.kills=N} sets the number of kills (default
 * 100), {@code -Drockwal.crash.seed=S} replays a run's choices (the timing of a kill cannot be replayed).
 */
class CrashLoopIT {

    private static final int KILLS = Integer.getInteger("rockwal.crash.kills", 100);
    private static final int FULL_CHECK_EVERY_DEFAULT = 25;
    private static final int FULL_CHECK_EVERY =
            Integer.getInteger("rockwal.crash.fullCheckEvery", FULL_CHECK_EVERY_DEFAULT);
    private static final int TRUNCATION_DELAY_MICROS = 3000;
    private static final int WRITING_WINDOW_MILLIS = 100;
    private static final long TIMEOUT_MILLIS = 60_000;
    /** Children started before their round: JVM start is most of a round, so keep it off the critical path. */
    private static final int CHILDREN_AHEAD = 2;

    /** When a round's kill lands. */
    enum Phase {
        RECOVERY,
        TRUNCATION,
        WRITING
    }

    /** What a round left for the check: the first retained LSNs allowed, and the truncation in flight. */
    private record Outcome(Set<Long> allowedFirstRetained, long announcedTruncation, boolean truncationAcknowledged) {}

    @TempDir
    Path dir;

    private final int[] kills = new int[Phase.values().length];
    private int recoveryKillsWhileOpening;
    private int truncationKillsBeforeApplied;
    private int truncationKillsAfterApplied;
    private int truncations;
    private int checkpoints;
    private int fullChecks;
    private long startWaitNanos;
    private long checkNanos;
    private final long[] phaseNanos = new long[Phase.values().length];
    /** How long an open took lately, from the go to the OPEN line; a recovery kill lands within 2.5 times it. */
    private double openNanos = TimeUnit.MILLISECONDS.toNanos(100);

    @Test
    void everyAcknowledgedEntrySurvivesRepeatedSigkillsOnOneStore() throws Exception {
        long seed = Long.getLong("rockwal.crash.seed", System.nanoTime());
        System.out.println("crash loop: seed " + seed + " (rerun with -Drockwal.crash.seed=" + seed + ")");
        Random random = new Random(seed);
        List<Phase> plan = plan(KILLS, random);
        Path store = dir.resolve("store");
        CrashLedger ledger = new CrashLedger(new Random(seed + 1));
        long began = System.nanoTime();
        Deque<CrashChildProcess> ahead = new ArrayDeque<>();
        CrashChildProcess child = null;
        int started = 0;
        try {
            for (int round = 1; round <= KILLS; round++) {
                // children start ahead and load their classes while earlier rounds run and are checked
                while (started < KILLS && started < round + CHILDREN_AHEAD) {
                    started++;
                    ahead.addLast(CrashChildProcess.start(
                            store,
                            started,
                            1 + random.nextInt(200),
                            plan.get(started - 1) == Phase.TRUNCATION ? 20 : 6));
                }
                child = ahead.removeFirst();
                Phase phase = plan.get(round - 1);
                long roundStarted = System.nanoTime();
                Outcome outcome = killOneChild(child, round, phase, ledger, random);
                phaseNanos[phase.ordinal()] += System.nanoTime() - roundStarted;
                kills[phase.ordinal()]++;
                long checkStarted = System.nanoTime();
                long first = ledger.check(store, outcome.allowedFirstRetained());
                checkNanos += System.nanoTime() - checkStarted;
                if (phase == Phase.TRUNCATION) {
                    if (first >= outcome.announcedTruncation()) {
                        truncationKillsAfterApplied++;
                        truncations += outcome.truncationAcknowledged() ? 0 : 1;
                    } else {
                        truncationKillsBeforeApplied++;
                    }
                }
                boolean nextRecovers = round < KILLS && plan.get(round) == Phase.RECOVERY;
                if (round % FULL_CHECK_EVERY == 0 && !nextRecovers) {
                    // a writable open recovers the store; not before a round meant to kill a recovery
                    ledger.checkFully(store, -round);
                    fullChecks++;
                }
            }
            ledger.checkFully(store, -(KILLS + 1L));
            fullChecks++;
        } finally {
            if (child != null) {
                child.discard();
            }
            for (CrashChildProcess unused : ahead) {
                unused.discard();
            }
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began);
        double perMinute = KILLS * 60.0 / Math.max(1e-9, (System.nanoTime() - began) / 1e9);
        assertThat(kills[Phase.RECOVERY.ordinal()]).isGreaterThanOrEqualTo(Math.min(10, KILLS / 3));
        assertThat(kills[Phase.TRUNCATION.ordinal()]).isGreaterThanOrEqualTo(Math.min(10, KILLS / 3));
        System.out.printf(
                "crash loop: %,d SIGKILLs survived (%d during recovery: %d while opening, %d just after;"
                        + " %d during truncation: %d before it applied, %d after; %d while writing), %,d durable"
                        + " entries verified byte for byte (%,d entry checks), %,d truncations, %,d checkpoints, %d full checks,"
                        + " last LSN %,d, in %d s (%.0f kills/min)%n",
                KILLS,
                kills[Phase.RECOVERY.ordinal()],
                recoveryKillsWhileOpening,
                kills[Phase.RECOVERY.ordinal()] - recoveryKillsWhileOpening,
                kills[Phase.TRUNCATION.ordinal()],
                truncationKillsBeforeApplied,
                truncationKillsAfterApplied,
                kills[Phase.WRITING.ordinal()],
                ledger.entriesVerified(),
                ledger.entryChecks(),
                truncations,
                checkpoints,
                fullChecks,
                ledger.durableLsn(),
                seconds,
                perMinute);
        if (System.getProperty("rockwal.crash.trace") == null) {
            return;
        }
        System.out.printf(
                "crash loop: %.1f s waiting for children to be ready, %.1f s checking, rounds: %.1f s"
                        + " recovery, %.1f s truncation, %.1f s writing%n",
                startWaitNanos / 1e9, checkNanos / 1e9, phaseNanos[0] / 1e9, phaseNanos[1] / 1e9, phaseNanos[2] / 1e9);
    }

    /**
     * Each round's phase: at least 10 (and 15 %) recovery and truncation kills each, the rest while
     * writing, shuffled; the first round writes, so the first recovery has something to recover.
     */
    static List<Phase> plan(int rounds, Random random) {
        int each = Math.max(Math.min(10, rounds / 3), rounds * 15 / 100);
        List<Phase> plan = new ArrayList<>(rounds);
        for (int i = 0; i < rounds; i++) {
            plan.add(i < each ? Phase.RECOVERY : i < 2 * each ? Phase.TRUNCATION : Phase.WRITING);
        }
        Collections.shuffle(plan, random);
        int firstWriting = plan.indexOf(Phase.WRITING);
        if (firstWriting > 0) {
            Collections.swap(plan, 0, firstWriting);
        }
        return plan;
    }

    private Outcome killOneChild(CrashChildProcess child, int round, Phase phase, CrashLedger ledger, Random random)
            throws InterruptedException {
        long waitStarted = System.nanoTime();
        int ready = child.await("READY", 0, TIMEOUT_MILLIS);
        expect(child, round, ready, "READY");
        startWaitNanos += System.nanoTime() - waitStarted;
        if (phase == Phase.TRUNCATION) {
            child.killAtTruncation(
                    1 + random.nextInt(2), TimeUnit.MICROSECONDS.toNanos(random.nextInt(TRUNCATION_DELAY_MICROS + 1)));
        }
        long go = System.nanoTime();
        child.go();
        switch (phase) {
            case RECOVERY -> {
                LockSupport.parkNanos((long) (random.nextDouble() * 2.5 * openNanos));
                assertThat(child.isAlive())
                        .as("child %d died before it was killed", round)
                        .isTrue();
                child.kill();
            }
            case WRITING -> {
                int opened = child.await("OPEN ", ready, TIMEOUT_MILLIS);
                expect(child, round, opened, "OPEN");
                openNanos = 0.8 * openNanos + 0.2 * (System.nanoTime() - go);
                expect(child, round, child.await("FLUSHED ", opened, TIMEOUT_MILLIS), "FLUSHED");
                Thread.sleep(random.nextInt(WRITING_WINDOW_MILLIS + 1));
                assertThat(child.isAlive())
                        .as("child %d died before it was killed", round)
                        .isTrue();
                child.kill();
            }
            case TRUNCATION -> {
                child.awaitEnd(TIMEOUT_MILLIS);
                assertThat(child.killedAtLine())
                        .as(
                                "child %d was killed at a truncation (it ended with" + " status %s)",
                                round, child.isAlive() ? "none" : child.exitValue())
                        .isNotNegative();
            }
        }
        List<String> lines = child.killAndCollect();
        if (System.getProperty("rockwal.crash.trace") != null) {
            lines.forEach(line -> System.out.println("round " + round + " " + phase + ": " + line));
        }
        return acknowledge(round, phase, lines, child.killedAtLine(), ledger);
    }

    /** Feeds what the child said to the ledger; returns what the check must allow. */
    private Outcome acknowledge(int round, Phase phase, List<String> lines, int killedAtLine, CrashLedger ledger) {
        CrashLedger.Said said = ledger.take(round, lines);
        truncations += said.truncations();
        checkpoints += said.checkpoints();
        if (phase == Phase.RECOVERY && !said.opened()) {
            recoveryKillsWhileOpening++;
        }
        if (phase != Phase.TRUNCATION) {
            return new Outcome(said.allowedFirstRetained(), 0, false);
        }
        // the kill was sent a few microseconds after this line; on a busy machine the child may have
        // gone on a little (finished the truncation, even flushed or checkpointed) before it landed
        long target = Long.parseLong(lines.get(killedAtLine).split(" ")[1]);
        return new Outcome(
                said.allowedFirstRetained(),
                target,
                lines.subList(killedAtLine, lines.size()).contains("TRUNCATED " + target));
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
