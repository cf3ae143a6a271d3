package io.rockwal.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.rockwal.core.EventLog;
import io.rockwal.core.InMemoryEventLog;
import io.rockwal.core.IndexKeys;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import io.rockwal.events.StandardEvents;
import io.rockwal.rocks.RocksEventLog;
import io.rockwal.rocks.RocksEventLogOptions;
import io.rockwal.testkit.SampleEvents;
import io.rockwal.testkit.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stateful property: random sequences of write, flush, get, replay, scan, last, count, key lookups,
 * truncate, checkpoint and reopen, applied to the RocksDB log and to the in-memory reference model
 * side by side; every answer must be the same (both share a fixed clock, so entries compare whole).
 *
 * <p>A seed gives a list of actions, each drawn before any runs (its arguments are resolved against the
 * log's state when it runs, so any sub-list is a valid sequence too). When a sequence fails, it is
 * shrunk by delta debugging: chunks of actions, halving in size down to single actions, are left out
 * while the rest still fails, each attempt on a fresh store; the failure then names the minimal
 * sequence, its store options and the seed. Each run prints its seed; {@code -Drockwal.properties.seed=S}
 * replays one, {@code -Drockwal.properties.runs=N} changes how many seeds run (default 12).
 */
class EventLogProperties {

    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-11-26T12:00:00Z"));
    private static final int STEPS = 400;
    /** A shrink stops after this many attempts; what it has by then is still a failing sequence. */
    private static final int MAX_SHRINK_RUNS = 2_000;

    @TempDir
    Path dir;

    /** One action, as the random numbers it was drawn from; {@link #apply} gives them meaning. */
    record Action(int choice, long a, long b, long c) {
        static Action draw(SplittableRandom random) {
            return new Action(random.nextInt(100), random.nextLong(), random.nextLong(), random.nextLong());
        }
    }

    /** How a sequence failed: after how many actions, which ones ran, and the error. */
    record Failure(int actionsRun, List<String> trail, Throwable error) {}

    static List<Long> seeds() {
        Long fixed = Long.getLong("rockwal.properties.seed");
        if (fixed != null) {
            return List.of(fixed);
        }
        SplittableRandom random = new SplittableRandom();
        List<Long> seeds = new ArrayList<>();
        for (int i = 0; i < Integer.getInteger("rockwal.properties.runs", 12); i++) {
            seeds.add(random.nextLong());
        }
        return seeds;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void rocksLogAnswersLikeTheModel(long seed) throws IOException {
        System.out.println("EventLogProperties seed " + seed + " (rerun with -Drockwal.properties.seed=" + seed + ")");
        SplittableRandom random = new SplittableRandom(seed);
        int batchSize = 1 + random.nextInt(20);
        int maxCheckpoints = 1 + random.nextInt(4);
        List<Action> actions = new ArrayList<>();
        for (int step = 0; step < STEPS; step++) {
            actions.add(Action.draw(random));
        }
        Failure failure = run(actions, batchSize, maxCheckpoints);
        if (failure == null) {
            return;
        }
        List<Action> minimal = shrink(actions.subList(0, failure.actionsRun()), batchSize, maxCheckpoints);
        Failure smallest = run(minimal, batchSize, maxCheckpoints);
        AssertionError report = new AssertionError(
                "EventLogProperties seed " + seed + " (batch size " + batchSize
                        + ", max checkpoints " + maxCheckpoints + ") failed after " + failure.actionsRun()
                        + " actions; shrunk to "
                        + smallest.actionsRun() + ": " + smallest.trail() + System.lineSeparator() + smallest.error(),
                smallest.error());
        report.addSuppressed(failure.error());
        throw report;
    }

    /**
     * Leaves out chunks of actions, halving the chunk size down to one, while what remains still fails;
     * returns the smallest failing sequence found (at most {@value #MAX_SHRINK_RUNS} attempts).
     */
    private List<Action> shrink(List<Action> failing, int batchSize, int maxCheckpoints) throws IOException {
        List<Action> current = new ArrayList<>(failing);
        int runs = 0;
        for (int chunk = Math.max(1, current.size() / 2); chunk >= 1 && runs < MAX_SHRINK_RUNS; ) {
            boolean shrunk = false;
            for (int from = 0; from < current.size() && runs < MAX_SHRINK_RUNS; ) {
                List<Action> candidate = new ArrayList<>(current.subList(0, from));
                candidate.addAll(current.subList(Math.min(current.size(), from + chunk), current.size()));
                runs++;
                Failure failure = candidate.isEmpty() ? null : run(candidate, batchSize, maxCheckpoints);
                if (failure != null) {
                    current = new ArrayList<>(candidate.subList(0, failure.actionsRun()));
                    shrunk = true;
                } else {
                    from += chunk;
                }
            }
            if (!shrunk) {
                chunk /= 2;
            }
        }
        return current;
    }

    /** Runs a sequence on a fresh store and a fresh model; null if every answer agreed. */
    private Failure run(List<Action> actions, int batchSize, int maxCheckpoints) throws IOException {
        Path store = Files.createTempDirectory(dir, "run");
        InMemoryEventLog.Storage storage = new InMemoryEventLog.Storage();
        List<String> trail = new ArrayList<>();
        EventLog model = openModel(storage, batchSize, maxCheckpoints);
        EventLog rocks = openRocks(store, batchSize, maxCheckpoints);
        try {
            for (Action action : actions) {
                boolean applied = false;
                try {
                    String done = apply(action, model, rocks);
                    applied = true;
                    trail.add(done);
                    if (done.equals("reopen")) {
                        model.close();
                        rocks.close();
                        model = openModel(storage, batchSize, maxCheckpoints);
                        rocks = openRocks(store, batchSize, maxCheckpoints);
                    }
                    assertThat(rocks.metadata()).as("metadata after %s", trail).isEqualTo(model.metadata());
                } catch (AssertionError | RuntimeException e) {
                    if (!applied) {
                        trail.add(describe(action) + " (failed)");
                    }
                    return new Failure(trail.size(), List.copyOf(trail), e);
                }
            }
            return null;
        } finally {
            model.close();
            rocks.close();
            TestFiles.deleteRecursively(store);
        }
    }

    private EventLog openModel(InMemoryEventLog.Storage storage, int batchSize, int maxCheckpoints) {
        return InMemoryEventLog.open(storage, StandardEvents.catalog(), batchSize, maxCheckpoints, CLOCK);
    }

    private static EventLog openRocks(Path store, int batchSize, int maxCheckpoints) {
        return RocksEventLog.open(
                store,
                RocksEventLogOptions.builder()
                        .batchSize(batchSize)
                        .maxCheckpoints(maxCheckpoints)
                        .clock(CLOCK)
                        .syncOnFlush(false)
                        .build());
    }

    /** An action that failed before it could say what it did (its arguments depend on the state it met). */
    private static String describe(Action action) {
        return "the action drawn as " + action;
    }

    /** Applies one action to both logs, checks they agree, and says what it did. */
    private static String apply(Action action, EventLog model, EventLog rocks) {
        int choice = action.choice();
        long last = model.lastLsn();
        long anyLsn = 1 + Math.floorMod(action.a(), last + 3);
        if (choice < 45) {
            long seed = Math.floorMod(action.b(), 64);
            assertThat(rocks.write(SampleEvents.of(seed))).isEqualTo(model.write(SampleEvents.of(seed)));
            return "write #" + seed;
        } else if (choice < 50) {
            model.flush();
            rocks.flush();
            return "flush";
        } else if (choice < 62) {
            assertThat(rocks.get(anyLsn)).as("get(%d)", anyLsn).isEqualTo(model.get(anyLsn));
            return "get(" + anyLsn + ")";
        } else if (choice < 66) {
            List<WalEntry> fromModel = new ArrayList<>();
            List<WalEntry> fromRocks = new ArrayList<>();
            model.replay(fromModel::add);
            rocks.replay(fromRocks::add);
            assertThat(fromRocks).isEqualTo(fromModel);
            return "replay";
        } else if (choice < 70) {
            WalType type = WalType.standardTypes().get(Math.floorMod(action.b(), 7));
            int limit = Math.floorMod(action.c(), 10);
            assertThat(rocks.scan(type, anyLsn, limit)).isEqualTo(model.scan(type, anyLsn, limit));
            assertThat(rocks.scan(anyLsn, limit)).isEqualTo(model.scan(anyLsn, limit));
            return "scan(" + type + ", from " + anyLsn + ", limit " + limit + ")";
        } else if (choice < 74) {
            WalType type = WalType.standardTypes().get(Math.floorMod(action.b(), 7));
            assertThat(rocks.last(type)).isEqualTo(model.last(type));
            assertThat(rocks.count(type)).as("count(%s)", type).isEqualTo(model.count(type));
            assertThat(rocks.hydrateAll()).isEqualTo(model.hydrateAll());
            return "last/count(" + type + ")";
        } else if (choice < 78) {
            long blockNumber = Math.floorMod(action.b(), 1L << 40);
            byte[] key = IndexKeys.ofUnsignedLong(blockNumber);
            assertThat(rocks.findByKey(WalType.POTS, key)).isEqualTo(model.findByKey(WalType.POTS, key));
            assertThat(rocks.scanByKey(WalType.POTS, null, key, 5))
                    .isEqualTo(model.scanByKey(WalType.POTS, null, key, 5));
            assertThat(rocks.scanByKey(WalType.POTS, key, null, 5))
                    .isEqualTo(model.scanByKey(WalType.POTS, key, null, 5));
            return "keys(" + blockNumber + ")";
        } else if (choice < 86) {
            long before = Math.floorMod(action.b(), 10) == 0 ? last + 2 : Math.floorMod(action.c(), last + 2);
            Throwable modelFailure = catchThrowable(() -> model.truncateBefore(before));
            Throwable rocksFailure = catchThrowable(() -> rocks.truncateBefore(before));
            assertThat(rocksFailure == null ? null : rocksFailure.getClass())
                    .isEqualTo(modelFailure == null ? null : modelFailure.getClass());
            return "truncateBefore(" + before + ")";
        } else if (choice < 94) {
            assertThat(rocks.createCheckpoint()).isEqualTo(model.createCheckpoint());
            assertThat(rocks.checkpoints()).isEqualTo(model.checkpoints());
            return "checkpoint";
        } else {
            return "reopen";
        }
    }
}
