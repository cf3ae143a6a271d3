package io.rockwal.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockwal.core.EncodedEvent;
import io.rockwal.core.EventCatalog;
import io.rockwal.core.LsnMetadata;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import io.rockwal.events.StandardEvents;
import io.rockwal.rocks.RocksEventLog;
import io.rockwal.rocks.RocksEventLogOptions;
import io.rockwal.rocks.RocksEventLogReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the crash loop's parent knows about the store, and the checks it runs on it after each kill.
 *
 * <p>Every LSN is written by one generation (a child, or the parent in a full check): the one that
 * opened the store last at or below it, so the parent can rebuild the exact event, encode it with the
 * standard catalogue and compare type, operation, codec id and payload bytes. Each retained entry is
 * compared byte for byte the first time the parent sees it; after that the parent keeps a 64-bit hash
 * of the stored entry (its timestamp included) and compares every later sighting with it, so an LSN
 * that changed its entry in any later round is caught. An entry the parent has seen durable is
 * treated as acknowledged from then on: it must never disappear or change.
 */
final class CrashLedger {

    private static final EventCatalog CATALOG = StandardEvents.catalog();
    private static final int TRUNCATED_SAMPLES = 64;
    private static final int SAMPLED_GETS = 24;

    /** A retained entry as the parent verified it. */
    private record Seen(long hash, WalType type, byte[] indexKey) {}

    /** An entry that was truncated, kept to check the key index no longer returns it. */
    private record Truncated(long lsn, WalType type, byte[] indexKey) {}

    private final TreeMap<Long, Long> generationStarts = new TreeMap<>();
    private final TreeMap<Long, Seen> seen = new TreeMap<>();
    private final Deque<Truncated> truncated = new ArrayDeque<>();
    private final Random random;
    private int manifestTailsCut;
    private long durableLsn;
    private long firstRetainedLsn = 1;
    private long entriesVerified;
    private long entryChecks;

    CrashLedger(Random random) {
        this.random = random;
    }

    /** The highest LSN known durable: acknowledged by a child or seen in the store by the parent. */
    long durableLsn() {
        return durableLsn;
    }

    /** The first retained LSN the last check found. */
    long firstRetainedLsn() {
        return firstRetainedLsn;
    }

    /** Distinct entries compared byte for byte with what their writer wrote. */
    long entriesVerified() {
        return entriesVerified;
    }

    /** Entry comparisons of every kind (first sightings, hash comparisons, lookups). */
    long entryChecks() {
        return entryChecks;
    }

    /** A backup {@code backupTo} reported complete: it holds LSNs {@code first..last}. */
    record Backup(String name, long first, long last) {}

    /**
     * What one child said, as the ledger took it in.
     *
     * @param allowedFirstRetained the first retained LSNs the store may have now: the last acknowledged
     *     one and, if a truncation or checkpoint was in flight, the one it announced
     * @param opened whether the child's open returned
     * @param truncations truncations it reported done
     * @param checkpoints checkpoints it reported done
     * @param backups backups it reported complete
     */
    record Said(
            Set<Long> allowedFirstRetained, boolean opened, int truncations, int checkpoints, List<Backup> backups) {}

    /** Takes in every line a child said (its protocol is {@link CrashChild}'s). */
    Said take(long generation, List<String> lines) {
        long acknowledgedFirst = firstRetainedLsn;
        long announced = 0;
        boolean opened = false;
        int truncations = 0;
        int checkpoints = 0;
        List<Backup> backups = new ArrayList<>();
        for (String line : lines) {
            String[] parts = line.split(" ");
            switch (parts[0]) {
                case "READY", "OPENING", "BACKING-UP" -> {}
                case "OPEN" -> {
                    opened(generation, Long.parseLong(parts[1]), Long.parseLong(parts[2]));
                    opened = true;
                }
                case "FLUSHED" -> acknowledged(Long.parseLong(parts[1]));
                case "TRUNCATING", "CHECKPOINTING" -> announced = Long.parseLong(parts[1]);
                case "TRUNCATED" -> {
                    acknowledgedFirst = Long.parseLong(parts[1]);
                    announced = 0;
                    truncations++;
                }
                case "CHECKPOINT" -> {
                    acknowledged(Long.parseLong(parts[1]));
                    acknowledgedFirst = Long.parseLong(parts[2]);
                    announced = 0;
                    checkpoints++;
                }
                case "BACKUP" -> {
                    acknowledged(Long.parseLong(parts[3]));
                    backups.add(new Backup(parts[1], Long.parseLong(parts[2]), Long.parseLong(parts[3])));
                }
                default -> throw new AssertionError("child " + generation + " said something unexpected: " + line);
            }
        }
        Set<Long> allowed = announced == 0 || announced == acknowledgedFirst
                ? Set.of(acknowledgedFirst)
                : Set.of(acknowledgedFirst, announced);
        return new Said(allowed, opened, truncations, checkpoints, backups);
    }

    /**
     * Checks a backup a child reported complete, on its own: it opens, holds exactly LSNs
     * {@code first..last}, each byte for byte what its generation wrote.
     */
    void checkBackup(Path backup, Backup reported) {
        try (RocksEventLogReader reader = RocksEventLogReader.open(backup)) {
            LsnMetadata metadata = reader.metadata();
            assertThat(metadata.firstRetainedLsn())
                    .as("first retained LSN of backup %s", reported.name())
                    .isEqualTo(reported.first());
            assertThat(metadata.lastFlushedLsn())
                    .as("last flushed LSN of backup %s", reported.name())
                    .isEqualTo(reported.last());
            long[] next = {reported.first()};
            reader.replay(entry -> {
                assertThat(entry.lsn())
                        .as("backup %s replays without a hole", reported.name())
                        .isEqualTo(next[0]);
                Map.Entry<Long, Long> start = generationStarts.floorEntry(entry.lsn());
                EncodedEvent expected = CATALOG.encode(CrashChild.event(start.getValue(), entry.lsn()));
                assertThat(entry.type())
                        .as("type of LSN %d in backup %s", entry.lsn(), reported.name())
                        .isEqualTo(expected.type());
                assertThat(entry.payload())
                        .as("payload of LSN %d in backup %s", entry.lsn(), reported.name())
                        .isEqualTo(expected.payload());
                entryChecks++;
                next[0]++;
            });
            assertThat(next[0] - 1)
                    .as("backup %s ends at its last flushed LSN", reported.name())
                    .isEqualTo(Math.max(reported.last(), reported.first() - 1));
        }
    }

    /** A child opened the store: the LSNs it writes start after the last durable one. */
    void opened(long generation, long lastFlushedLsn, long firstRetained) {
        assertThat(lastFlushedLsn)
                .as("last flushed LSN generation %d found at open", generation)
                .isGreaterThanOrEqualTo(durableLsn);
        assertThat(firstRetained)
                .as("first retained LSN generation %d found at open", generation)
                .isEqualTo(firstRetainedLsn);
        generationStarts.put(lastFlushedLsn + 1, generation);
    }

    /**
     * A reader on the store; when the reader refuses a torn MANIFEST tail (a version edit whose sync
     * the cut interrupted, which only a primary open cuts back), a primary open recovers it first, as
     * the next child's open would, and the cut is counted.
     */
    private RocksEventLogReader openReader(Path store) {
        try {
            return RocksEventLogReader.open(store);
        } catch (io.rockwal.core.EventLogCorruptedException e) {
            if (e.getMessage() == null || !e.getMessage().contains("RocksEventLog.open cuts it back")) {
                throw e;
            }
            RocksEventLog.open(
                            store,
                            RocksEventLogOptions.builder()
                                    .maxCheckpoints(CrashChild.MAX_CHECKPOINTS)
                                    .build())
                    .close();
            manifestTailsCut++;
            return RocksEventLogReader.open(store);
        }
    }

    /** How many torn MANIFEST tails a primary open cut back before a check. */
    int manifestTailsCut() {
        return manifestTailsCut;
    }

    /** A child said every LSN up to this one is durable. */
    void acknowledged(long lsn) {
        durableLsn = Math.max(durableLsn, lsn);
    }

    /**
     * Checks the store read-only, as the crashed child left it (a read-only open replays RocksDB's
     * write-ahead log in memory and writes nothing, so the next child still recovers the crash).
     *
     * @param allowedFirstRetained the first retained LSNs the store may have: the last acknowledged
     *     one and, if a truncation or checkpoint was in flight, the one it announced
     * @return the first retained LSN found
     */
    long check(Path store, Set<Long> allowedFirstRetained) {
        try (RocksEventLogReader reader = openReader(store)) {
            assertThat(reader.mode()).isEqualTo(RocksEventLogReader.Mode.READ_ONLY);
            LsnMetadata metadata = reader.metadata();
            assertThat(metadata.lastLsn())
                    .as("last LSN equals last flushed LSN after a crash")
                    .isEqualTo(metadata.lastFlushedLsn());
            assertThat(metadata.lastFlushedLsn())
                    .as("every acknowledged LSN is durable")
                    .isGreaterThanOrEqualTo(durableLsn);
            assertThat(metadata.firstRetainedLsn())
                    .as("truncation applied fully or not at all")
                    .isIn(allowedFirstRetained);
            forgetTruncated(metadata.firstRetainedLsn());
            long first = metadata.firstRetainedLsn();
            long last = metadata.lastFlushedLsn();

            Map<WalType, Long> counts = new HashMap<>();
            Map<WalType, WalEntry> lasts = new HashMap<>();
            long[] next = {first};
            reader.replay(entry -> {
                assertThat(entry.lsn())
                        .as("replay from LSN 1: no hole, nothing below the first retained LSN %d", first)
                        .isEqualTo(next[0]);
                checkEntry(entry);
                counts.merge(entry.type(), 1L, Long::sum);
                lasts.put(entry.type(), entry);
                next[0]++;
            });
            assertThat(next[0] - 1).as("replay ends at the last flushed LSN").isEqualTo(last);
            for (WalType type : CATALOG.types()) {
                assertThat(reader.count(type)).as("count(%s)", type).isEqualTo(counts.getOrDefault(type, 0L));
                assertThat(reader.last(type)).as("last(%s)", type).isEqualTo(Optional.ofNullable(lasts.get(type)));
            }
            checkCheckpoints(reader.checkpoints(), last);
            for (int i = 0; i < SAMPLED_GETS && last >= first; i++) {
                long lsn = first + (long) (random.nextDouble() * (last - first + 1));
                checkEntry(reader.get(lsn).orElseThrow(() -> new AssertionError("get(" + lsn + ") is empty")));
            }
            for (int i = 0; i < SAMPLED_GETS / 4 && first > 1; i++) {
                long lsn = 1 + (long) (random.nextDouble() * (first - 1));
                assertThat(reader.get(lsn))
                        .as("get(%d) below the first retained LSN %d", lsn, first)
                        .isEmpty();
            }
            if (first > 1) {
                assertThat(reader.get(first - 1)).as("get(first retained - 1)").isEmpty();
            }
            assertThat(reader.get(last + 1)).as("get(last flushed + 1)").isEmpty();
            durableLsn = last;
            firstRetainedLsn = first;
            return first;
        }
    }

    /**
     * Checks everything once more through a writable log (this recovers the store, so the crash
     * loop does it only now and then): every LSN by {@code get}, every type's replay, the key index for
     * retained and truncated entries, pages; then writes one event as {@code generation}, flushes it
     * and reads it back.
     */
    void checkFully(Path store, long generation) {
        try (RocksEventLog log = RocksEventLog.open(
                store,
                RocksEventLogOptions.builder()
                        .maxCheckpoints(CrashChild.MAX_CHECKPOINTS)
                        .build())) {
            LsnMetadata metadata = log.metadata();
            assertThat(metadata.lastFlushedLsn()).isEqualTo(durableLsn);
            assertThat(metadata.firstRetainedLsn()).isEqualTo(firstRetainedLsn);
            long first = firstRetainedLsn;
            long last = durableLsn;
            for (long lsn = first; lsn <= last; lsn++) {
                long wanted = lsn;
                checkEntry(log.get(lsn).orElseThrow(() -> new AssertionError("get(" + wanted + ") is empty")));
            }
            for (WalType type : CATALOG.types()) {
                List<Long> lsns = new ArrayList<>();
                log.replay(type, entry -> {
                    checkEntry(entry);
                    lsns.add(entry.lsn());
                });
                List<Long> expected = seen.entrySet().stream()
                        .filter(e -> e.getValue().type().equals(type))
                        .map(Map.Entry::getKey)
                        .toList();
                assertThat(lsns).as("replay(%s)", type).isEqualTo(expected);
                List<WalEntry> page = log.scan(type, 1, 1);
                assertThat(page).as("scan(%s) from LSN 1", type).hasSize(expected.isEmpty() ? 0 : 1);
                if (!page.isEmpty()) {
                    assertThat(page.get(0).lsn()).isEqualTo(expected.get(0));
                }
            }
            List<Long> firstPage = log.scan(1, 1).stream().map(WalEntry::lsn).toList();
            assertThat(firstPage)
                    .as("scan from LSN 1 starts at the first retained LSN")
                    .isEqualTo(last >= first ? List.of(first) : List.of());
            checkKeyIndex(log, first);

            generationStarts.put(last + 1, generation);
            long lsn = log.write(CrashChild.event(generation, last + 1));
            assertThat(lsn)
                    .as("a reopened store writes after the last durable LSN")
                    .isEqualTo(last + 1);
            log.flush();
            checkEntry(log.get(lsn).orElseThrow());
            durableLsn = lsn;
        }
    }

    private void checkKeyIndex(RocksEventLog log, long first) {
        List<Map.Entry<Long, Seen>> keyed = seen.entrySet().stream()
                .filter(e -> e.getValue().indexKey() != null)
                .toList();
        for (int i = 0; i < Math.min(32, keyed.size()); i++) {
            Map.Entry<Long, Seen> sample = keyed.get(random.nextInt(keyed.size()));
            Seen entry = sample.getValue();
            List<Long> expected = keyed.stream()
                    .filter(e -> e.getValue().type().equals(entry.type())
                            && Arrays.equals(e.getValue().indexKey(), entry.indexKey()))
                    .map(Map.Entry::getKey)
                    .toList();
            List<WalEntry> found = log.findByKey(entry.type(), entry.indexKey());
            found.forEach(this::checkEntry);
            assertThat(found.stream().map(WalEntry::lsn).toList())
                    .as("findByKey for LSN %d", sample.getKey())
                    .isEqualTo(expected);
        }
        for (Truncated gone : truncated) {
            assertThat(log.findByKey(gone.type(), gone.indexKey()))
                    .as("findByKey for the truncated LSN %d", gone.lsn())
                    .allSatisfy(entry -> assertThat(entry.lsn()).isGreaterThanOrEqualTo(first));
            entryChecks++;
        }
    }

    private void checkCheckpoints(List<Long> checkpoints, long lastFlushed) {
        assertThat(checkpoints)
                .as("checkpoints")
                .isSorted()
                .hasSizeLessThanOrEqualTo(CrashChild.MAX_CHECKPOINTS)
                .allSatisfy(lsn -> assertThat(lsn).isBetween(0L, lastFlushed));
    }

    /** Compares an entry with what the parent saw before, or, the first time, with what was written. */
    private void checkEntry(WalEntry entry) {
        entryChecks++;
        Seen before = seen.get(entry.lsn());
        if (before != null) {
            assertThat(before.type()).as("type of LSN %d", entry.lsn()).isEqualTo(entry.type());
            assertThat(hash(entry))
                    .as("LSN %d holds the entry it held when first verified", entry.lsn())
                    .isEqualTo(before.hash());
            return;
        }
        Map.Entry<Long, Long> start = generationStarts.floorEntry(entry.lsn());
        assertThat(start).as("a generation wrote LSN %d", entry.lsn()).isNotNull();
        long generation = start.getValue();
        EncodedEvent expected = CATALOG.encode(CrashChild.event(generation, entry.lsn()));
        String what = "LSN " + entry.lsn() + " (generation " + generation + ")";
        assertThat(entry.type()).as("type of %s", what).isEqualTo(expected.type());
        assertThat(entry.operation()).as("operation of %s", what).isEqualTo(expected.operation());
        assertThat(entry.codecId()).as("codec of %s", what).isEqualTo(expected.codecId());
        assertThat(entry.payload()).as("payload of %s", what).isEqualTo(expected.payload());
        seen.put(entry.lsn(), new Seen(hash(entry), entry.type(), expected.indexKey()));
        entriesVerified++;
    }

    private void forgetTruncated(long first) {
        Map<Long, Seen> gone = seen.headMap(first);
        gone.forEach((lsn, entry) -> {
            if (entry.indexKey() != null && random.nextInt(8) == 0) {
                truncated.addLast(new Truncated(lsn, entry.type(), entry.indexKey()));
                if (truncated.size() > TRUNCATED_SAMPLES) {
                    truncated.removeFirst();
                }
            }
        });
        gone.clear();
    }

    /** FNV-1a over everything an entry holds. */
    private static long hash(WalEntry entry) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : entry.type().name().getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        hash = (hash ^ entry.operation().ordinal()) * 0x100000001b3L;
        hash = (hash ^ entry.codecId()) * 0x100000001b3L;
        hash = (hash ^ entry.timestampMillis()) * 0x100000001b3L;
        for (byte b : entry.payload()) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        return hash;
    }
}
