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
 * Each run prints its seed; {@code -Drockwal.properties.seed=S} replays one, and
 * {@code -Drockwal.properties.runs=N} changes how many seeds run (default 12).
 */
class EventLogProperties {

    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-11-26T12:00:00Z"));
    private static final int STEPS = 400;

    @TempDir
    Path dir;

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
    void rocksLogAnswersLikeTheModel(long seed) {
        System.out.println("EventLogProperties seed " + seed + " (rerun with -Drockwal.properties.seed=" + seed + ")");
        SplittableRandom random = new SplittableRandom(seed);
        int batchSize = 1 + random.nextInt(20);
        int maxCheckpoints = 1 + random.nextInt(4);
        InMemoryEventLog.Storage storage = new InMemoryEventLog.Storage();
        EventLog model = openModel(storage, batchSize, maxCheckpoints);
        EventLog rocks = openRocks(batchSize, maxCheckpoints);
        List<String> trail = new ArrayList<>();
        try {
            for (int step = 0; step < STEPS; step++) {
                String action = step(random, model, rocks);
                trail.add(action);
                if (action.equals("reopen")) {
                    model.close();
                    rocks.close();
                    model = openModel(storage, batchSize, maxCheckpoints);
                    rocks = openRocks(batchSize, maxCheckpoints);
                }
                assertThat(rocks.metadata()).as("metadata after %s", trail).isEqualTo(model.metadata());
            }
        } finally {
            model.close();
            rocks.close();
        }
    }

    private EventLog openModel(InMemoryEventLog.Storage storage, int batchSize, int maxCheckpoints) {
        return InMemoryEventLog.open(storage, StandardEvents.catalog(), batchSize, maxCheckpoints, CLOCK);
    }

    private EventLog openRocks(int batchSize, int maxCheckpoints) {
        return RocksEventLog.open(
                dir,
                RocksEventLogOptions.builder()
                        .batchSize(batchSize)
                        .maxCheckpoints(maxCheckpoints)
                        .clock(CLOCK)
                        .syncOnFlush(false)
                        .build());
    }

    /** Applies one random action to both logs, checks they agree, and names the action. */
    private static String step(SplittableRandom random, EventLog model, EventLog rocks) {
        int choice = random.nextInt(100);
        long last = model.lastLsn();
        long anyLsn = 1 + random.nextLong(0, last + 3);
        if (choice < 45) {
            long seed = random.nextLong(0, 64);
            assertThat(rocks.write(SampleEvents.of(seed))).isEqualTo(model.write(SampleEvents.of(seed)));
            return "write";
        } else if (choice < 50) {
            model.flush();
            rocks.flush();
            return "flush";
        } else if (choice < 62) {
            assertThat(rocks.get(anyLsn)).as("get(%d)", anyLsn).isEqualTo(model.get(anyLsn));
            return "get " + anyLsn;
        } else if (choice < 66) {
            List<WalEntry> fromModel = new ArrayList<>();
            List<WalEntry> fromRocks = new ArrayList<>();
            model.replay(fromModel::add);
            rocks.replay(fromRocks::add);
            assertThat(fromRocks).isEqualTo(fromModel);
            return "replay";
        } else if (choice < 70) {
            WalType type = WalType.standardTypes().get(random.nextInt(7));
            int limit = random.nextInt(10);
            assertThat(rocks.scan(type, anyLsn, limit)).isEqualTo(model.scan(type, anyLsn, limit));
            assertThat(rocks.scan(anyLsn, limit)).isEqualTo(model.scan(anyLsn, limit));
            return "scan " + type + " " + anyLsn;
        } else if (choice < 74) {
            WalType type = WalType.standardTypes().get(random.nextInt(7));
            assertThat(rocks.last(type)).isEqualTo(model.last(type));
            assertThat(rocks.count(type)).as("count(%s)", type).isEqualTo(model.count(type));
            assertThat(rocks.hydrateAll()).isEqualTo(model.hydrateAll());
            return "last/count " + type;
        } else if (choice < 78) {
            byte[] key = IndexKeys.ofUnsignedLong(random.nextLong(0, 1L << 40));
            assertThat(rocks.findByKey(WalType.POTS, key)).isEqualTo(model.findByKey(WalType.POTS, key));
            assertThat(rocks.scanByKey(WalType.POTS, null, key, 5))
                    .isEqualTo(model.scanByKey(WalType.POTS, null, key, 5));
            assertThat(rocks.scanByKey(WalType.POTS, key, null, 5))
                    .isEqualTo(model.scanByKey(WalType.POTS, key, null, 5));
            return "keys";
        } else if (choice < 86) {
            long before = random.nextInt(10) == 0 ? last + 2 : random.nextLong(0, last + 2);
            Throwable modelFailure = catchThrowable(() -> model.truncateBefore(before));
            Throwable rocksFailure = catchThrowable(() -> rocks.truncateBefore(before));
            assertThat(rocksFailure == null ? null : rocksFailure.getClass())
                    .isEqualTo(modelFailure == null ? null : modelFailure.getClass());
            return "truncateBefore " + before;
        } else if (choice < 94) {
            assertThat(rocks.createCheckpoint()).isEqualTo(model.createCheckpoint());
            assertThat(rocks.checkpoints()).isEqualTo(model.checkpoints());
            return "checkpoint";
        } else {
            return "reopen";
        }
    }
}
