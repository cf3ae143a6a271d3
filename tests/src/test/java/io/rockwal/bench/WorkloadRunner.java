package io.rockwal.bench;

import io.rockwal.core.WalType;
import io.rockwal.rocks.RocksEventLog;
import io.rockwal.rocks.RocksEventLogOptions;
import io.rockwal.testkit.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * The standard workload against the store and, in the same run, the same work against raw RocksDB
 * with the same column families, keys and tuning. Prints one table with both and their ratio.
 *
 * <p>Run with {@code mvn -B -Pbench -pl tests -am verify} (see the README); {@code -Dbench.args="..."}
 * passes options: {@code --events N} (default 1,000,000), {@code --payload BYTES} (256),
 * {@code --batch N} (1000), {@code --lookups N} (100,000), {@code --dir PATH}.
 */
public final class WorkloadRunner {

    private static final List<WalType> TYPES = WalType.standardTypes();

    private final long events;
    private final int payloadBytes;
    private final int batch;
    private final int lookups;
    private final Path dir;
    private final Report report = new Report();
    private long blackhole;

    private final int rounds;
    private final java.util.Set<String> only;

    private WorkloadRunner(Map<String, String> options) {
        this.rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        this.only = java.util.Set.of(
                options.getOrDefault("only", "W1,W1b,W2,W3,W4,W5,W6").split(","));
        this.events = Long.parseLong(options.getOrDefault("events", "1000000"));
        this.payloadBytes = Integer.parseInt(options.getOrDefault("payload", "256"));
        this.batch = Integer.parseInt(options.getOrDefault("batch", "1000"));
        this.lookups = Integer.parseInt(options.getOrDefault("lookups", "100000"));
        this.dir = Path.of(options.getOrDefault("dir", "target/bench"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String suite = options.getOrDefault("suite", "store");
        Path dir = Path.of(options.getOrDefault("dir", "target/bench"));
        Files.createDirectories(dir); // the store suite empties it first; the others add to it
        if (suite.equals("store") || suite.equals("all")) {
            new WorkloadRunner(options).run();
        }
        if (suite.equals("import-go") || suite.equals("all")) {
            new ImportGoRunner(
                            dir,
                            Long.parseLong(options.getOrDefault("events", "200000")),
                            Integer.parseInt(options.getOrDefault("rounds", "3")))
                    .run();
        }
        if (suite.equals("observability") || suite.equals("all")) {
            new ObservabilityRunner(
                            dir,
                            Long.parseLong(options.getOrDefault("events", "1000000")),
                            Integer.parseInt(options.getOrDefault("rounds", "5")),
                            java.time.Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "5"))))
                    .run();
        }
        if (suite.equals("serve") || suite.equals("all")) {
            new ServeRunner(
                            dir,
                            Long.parseLong(options.getOrDefault("events", "1000000")),
                            Long.parseLong(options.getOrDefault("seconds", "5")))
                    .run();
        }
        if (suite.equals("kafka") || suite.equals("all")) {
            new KafkaRunner(
                            dir,
                            Long.parseLong(options.getOrDefault("events", "1000000")),
                            Integer.parseInt(options.getOrDefault("rounds", "3")))
                    .run();
        }
        if (suite.equals("features") || suite.equals("all")) {
            new FeaturesRunner(
                            dir,
                            Long.parseLong(options.getOrDefault("events", "1000000")),
                            java.time.Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "5"))))
                    .run();
        }
    }

    private void run() throws Exception {
        TestFiles.deleteRecursively(dir);
        Files.createDirectories(dir);
        System.out.println(Environment.describe(dir));
        System.out.printf(
                Locale.ROOT,
                "workload: %,d events, %d-byte incompressible payloads, %d types round-robin, "
                        + "batches of %,d; %,d random lookups; %d round(s), medians reported; workloads %s%n%n",
                events,
                payloadBytes,
                TYPES.size(),
                batch,
                lookups,
                rounds,
                new java.util.TreeSet<>(only));

        Path storeDir = dir.resolve("store");
        Path rawDir = dir.resolve("raw");
        Path indexedDir = dir.resolve("raw-indexed");
        for (int round = 1; round <= rounds; round++) {
            TestFiles.deleteRecursively(storeDir);
            TestFiles.deleteRecursively(rawDir);
            TestFiles.deleteRecursively(indexedDir);
            report.store(W1, events / writeStore(storeDir, true));
            report.raw(W1, events / writeRaw(rawDir, false, true));
            if (only.contains("W2")) {
                report.raw(W1_INDEXED, events / writeRaw(indexedDir, true, true));
            }
        }
        report.storeValue(BYTES, sstBytes(storeDir) / (double) events, "%.1f B");
        report.rawValue(BYTES, sstBytes(rawDir) / (double) events, "%.1f B");
        if (only.contains("W1b")) {
            Path unsyncedStore = dir.resolve("store-unsynced");
            Path unsyncedRaw = dir.resolve("raw-unsynced");
            for (int round = 1; round <= rounds; round++) {
                report.store(W1B, events / writeStore(unsyncedStore, false));
                report.raw(W1B, events / writeRaw(unsyncedRaw, false, false));
                TestFiles.deleteRecursively(unsyncedStore);
                TestFiles.deleteRecursively(unsyncedRaw);
            }
        }
        if (only.contains("W6")) {
            for (int round = 1; round <= rounds; round++) {
                long start = System.nanoTime();
                RocksEventLog.open(storeDir, readOptions()).close();
                report.storeValue(W6, (System.nanoTime() - start) / 1e6, "%.1f ms");
                start = System.nanoTime();
                new RawRocks(rawDir, true, false).close();
                report.rawValue(W6, (System.nanoTime() - start) / 1e6, "%.1f ms");
            }
        }
        if (only.contains("W2") || only.contains("W3") || only.contains("W4")) {
            readWorkloads(storeDir, rawDir, indexedDir);
        }
        if (only.contains("W5")) {
            new TruncationWorkload(report, storeDir, rawDir, events, readOptions()).run();
        }
        report.print();
        Runtime runtime = Runtime.getRuntime();
        System.out.printf(
                Locale.ROOT,
                "%nmemory at the end: heap used %.1f MiB, resident %s%n",
                (runtime.totalMemory() - runtime.freeMemory()) / 1048576.0,
                Environment.residentSize());
        if (blackhole == 42) {
            System.out.println();
        }
    }

    private void readWorkloads(Path storeDir, Path rawDir, Path indexedDir) throws Exception {
        try (RocksEventLog log = RocksEventLog.open(storeDir, readOptions());
                RawRocks raw = new RawRocks(rawDir, true, false);
                RawRocks indexed = only.contains("W2") ? new RawRocks(indexedDir, true, true) : null) {
            long[] lsns = randomLsns(lookups, 42);
            for (int round = 1; round <= rounds && only.contains("W2"); round++) {
                report.storeLatencies(
                        W2, time(lsns, lsn -> log.get(lsn).orElseThrow().payloadSize()));
                report.rawLatencies(W2, time(lsns, lsn -> probe(raw, lsn)));
                report.rawLatencies(W2_MULTIGET, time(lsns, lsn -> multiGet(raw, lsn)));
                report.rawLatencies(W2_INDEXED, time(lsns, lsn -> viaIndex(indexed, lsn)));
            }
            for (int round = 1; round <= rounds; round++) {
                if (only.contains("W4")) {
                    report.store(W4, replayOneTypeStore(log));
                    report.raw(W4, replayOneTypeRaw(raw));
                }
                if (only.contains("W3")) {
                    report.store(W3, replayAllStore(log));
                    report.raw(W3, replayAllRaw(raw));
                }
            }
        }
    }

    private static final String W1 = "W1 write, fsync per batch (events/s)";
    private static final String W1B = "W1b write, no fsync (events/s)";
    private static final String W1_INDEXED = "W1 write with an LSN->type index column family (events/s)";
    private static final String BYTES = "stored bytes per entry (SST files / entries)";
    private static final String W6 = "W6 reopen after a clean close";
    private static final String W2 = "W2 get by LSN, probing the type column families";
    private static final String W2_MULTIGET = "W2 get by LSN, one multiGet over the type column families";
    private static final String W2_INDEXED = "W2 get by LSN through an LSN->type index";
    private static final String W4 = "W4 replay one type, 1/7 of the log (events/s)";
    private static final String W3 = "W3 replay all in LSN order (events/s)";

    private RocksEventLogOptions readOptions() {
        return RocksEventLogOptions.builder().catalog(BlobEvent.catalog()).build();
    }

    /** Incompressible bytes that depend only on the LSN, so both sides write the same. */
    private byte[] payload(long lsn) {
        byte[] payload = new byte[payloadBytes];
        SplittableRandom random = new SplittableRandom(lsn);
        for (int i = 0; i < payload.length; i += 8) {
            long bits = random.nextLong();
            for (int j = i; j < Math.min(payload.length, i + 8); j++) {
                payload[j] = (byte) bits;
                bits >>>= 8;
            }
        }
        return payload;
    }

    private static int typeIndex(long lsn) {
        return (int) ((lsn - 1) % TYPES.size());
    }

    /** Seconds from open to the last flush returning; closing (which flushes the memtables) is not counted. */
    private double writeStore(Path storeDir, boolean sync) {
        RocksEventLogOptions options = RocksEventLogOptions.builder()
                .catalog(BlobEvent.catalog())
                .batchSize(batch)
                .syncOnFlush(sync)
                .build();
        try (RocksEventLog log = RocksEventLog.open(storeDir, options)) {
            long start = System.nanoTime();
            for (long lsn = 1; lsn <= events; lsn++) {
                log.write(new BlobEvent(TYPES.get(typeIndex(lsn)), payload(lsn)));
            }
            log.flush();
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /**
     * The same batches written directly: entries, one 32-byte metadata value, one synced write per
     * batch. Seconds as for the store; closing flushes the memtables too, as the store's close does.
     */
    private double writeRaw(Path rawDir, boolean withIndex, boolean sync) throws Exception {
        try (RawRocks raw = new RawRocks(rawDir, sync, withIndex)) {
            long start = System.nanoTime();
            byte[] state = new byte[32];
            byte[] stateKey = "state".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            for (long from = 1; from <= events; from += batch) {
                try (WriteBatch writeBatch = new WriteBatch()) {
                    long upTo = Math.min(events, from + batch - 1);
                    for (long lsn = from; lsn <= upTo; lsn++) {
                        byte[] key = RawRocks.key(lsn);
                        writeBatch.put(raw.types.get(typeIndex(lsn)), key, payload(lsn));
                        if (withIndex) {
                            writeBatch.put(raw.index, key, new byte[] {(byte) typeIndex(lsn)});
                        }
                    }
                    writeBatch.put(raw.meta, stateKey, state);
                    raw.db.write(raw.syncWrite, writeBatch);
                }
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }

    @FunctionalInterface
    interface Lookup {
        int size(long lsn) throws Exception;
    }

    /** Times each lookup; the first 10,000 warm up and are not counted. Returns the nanos, unsorted. */
    long[] time(long[] lsns, Lookup lookup) throws Exception {
        for (int i = 0; i < Math.min(10_000, lsns.length); i++) {
            blackhole += lookup.size(lsns[i]);
        }
        long[] nanos = new long[lsns.length];
        for (int i = 0; i < lsns.length; i++) {
            long t0 = System.nanoTime();
            blackhole += lookup.size(lsns[i]);
            nanos[i] = System.nanoTime() - t0;
        }
        return nanos;
    }

    static int probe(RawRocks raw, long lsn) throws Exception {
        byte[] key = RawRocks.key(lsn);
        for (ColumnFamilyHandle type : raw.types) {
            byte[] value = raw.db.get(type, raw.read, key);
            if (value != null) {
                return value.length;
            }
        }
        throw new IllegalStateException("LSN " + lsn + " missing");
    }

    private static int multiGet(RawRocks raw, long lsn) throws Exception {
        byte[] key = RawRocks.key(lsn);
        List<byte[]> keys = new ArrayList<>(raw.types.size());
        for (int i = 0; i < raw.types.size(); i++) {
            keys.add(key);
        }
        for (byte[] value : raw.db.multiGetAsList(raw.read, raw.types, keys)) {
            if (value != null) {
                return value.length;
            }
        }
        throw new IllegalStateException("LSN " + lsn + " missing");
    }

    private static int viaIndex(RawRocks raw, long lsn) throws Exception {
        byte[] key = RawRocks.key(lsn);
        byte[] type = raw.db.get(raw.index, raw.read, key);
        return raw.db.get(raw.types.get(type[0]), raw.read, key).length;
    }

    private double replayOneTypeStore(RocksEventLog log) {
        long[] count = new long[1];
        long start = System.nanoTime();
        log.replay(WalType.POTS, entry -> {
            count[0]++;
            blackhole += entry.payloadSize();
        });
        return count[0] / ((System.nanoTime() - start) / 1e9);
    }

    private double replayOneTypeRaw(RawRocks raw) {
        long count = 0;
        long start = System.nanoTime();
        try (RocksIterator iterator = raw.db.newIterator(raw.types.get(TYPES.indexOf(WalType.POTS)))) {
            for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                blackhole += RawRocks.lsn(iterator.key()) + iterator.value().length;
                count++;
            }
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private double replayAllStore(RocksEventLog log) {
        long[] count = new long[1];
        long start = System.nanoTime();
        log.replay(entry -> {
            count[0]++;
            blackhole += entry.payloadSize();
        });
        return count[0] / ((System.nanoTime() - start) / 1e9);
    }

    private double replayAllRaw(RawRocks raw) {
        long start = System.nanoTime();
        long count = mergedRawReplay(raw.db, raw.types);
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private long mergedRawReplay(RocksDB db, List<ColumnFamilyHandle> handles) {
        RocksIterator[] iterators = new RocksIterator[handles.size()];
        long[] heads = new long[handles.size()];
        long count = 0;
        try {
            for (int i = 0; i < iterators.length; i++) {
                iterators[i] = db.newIterator(handles.get(i));
                iterators[i].seekToFirst();
                heads[i] = iterators[i].isValid() ? RawRocks.lsn(iterators[i].key()) : Long.MAX_VALUE;
            }
            while (true) {
                int best = -1;
                for (int i = 0; i < heads.length; i++) {
                    if (heads[i] != Long.MAX_VALUE && (best < 0 || heads[i] < heads[best])) {
                        best = i;
                    }
                }
                if (best < 0) {
                    return count;
                }
                blackhole += heads[best] + iterators[best].value().length;
                count++;
                iterators[best].next();
                heads[best] = iterators[best].isValid() ? RawRocks.lsn(iterators[best].key()) : Long.MAX_VALUE;
            }
        } finally {
            for (RocksIterator iterator : iterators) {
                if (iterator != null) {
                    iterator.close();
                }
            }
        }
    }

    private long[] randomLsns(int count, long seed) {
        return randomLsns(count, seed, 1, events);
    }

    /** {@code count} LSNs drawn uniformly from {@code [from, upTo]}. */
    static long[] randomLsns(int count, long seed, long from, long upTo) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] lsns = new long[count];
        for (int i = 0; i < count; i++) {
            lsns[i] = random.nextLong(from, upTo + 1);
        }
        return lsns;
    }

    static long sstBytes(Path storeDir) throws IOException {
        try (Stream<Path> files = Files.list(storeDir)) {
            return files.filter(file -> file.toString().endsWith(".sst"))
                    .mapToLong(file -> file.toFile().length())
                    .sum();
        }
    }

    /** Figures per row and side, collected over the rounds; prints medians and the store/raw ratio. */
    static final class Report {
        private final Map<String, Map<String, List<Double>>> samples = new LinkedHashMap<>();
        private final Map<String, String> formats = new java.util.HashMap<>();

        void store(String row, double value) {
            add(row, "store", value, "%,.0f");
        }

        void raw(String row, double value) {
            add(row, "raw", value, "%,.0f");
        }

        void storeValue(String row, double value, String format) {
            add(row, "store", value, format);
        }

        void rawValue(String row, double value, String format) {
            add(row, "raw", value, format);
        }

        void storeLatencies(String row, long[] nanos) {
            latencies(row, "store", nanos);
        }

        void rawLatencies(String row, long[] nanos) {
            latencies(row, "raw", nanos);
        }

        private void latencies(String row, String side, long[] nanos) {
            long total = 0;
            for (long n : nanos) {
                total += n;
            }
            Arrays.sort(nanos);
            add(row + " p50 (us)", side, nanos[nanos.length / 2] / 1e3, "%.2f");
            add(row + " p99 (us)", side, nanos[(int) (nanos.length * 0.99)] / 1e3, "%.2f");
            add(row + " p99.9 (us)", side, nanos[(int) (nanos.length * 0.999)] / 1e3, "%.2f");
            add(row + " (lookups/s, one thread)", side, nanos.length / (total / 1e9), "%,.0f");
        }

        private void add(String row, String side, double value, String format) {
            samples.computeIfAbsent(row, r -> new LinkedHashMap<>())
                    .computeIfAbsent(side, s -> new ArrayList<>())
                    .add(value);
            formats.put(row, format);
        }

        void print() {
            System.out.printf(Locale.ROOT, "%-68s %14s %14s %7s%n", "workload", "store", "raw RocksDB", "ratio");
            samples.forEach((row, sides) -> {
                Double store = median(sides.get("store"));
                Double raw = median(sides.get("raw"));
                String format = formats.get(row);
                System.out.printf(
                        Locale.ROOT,
                        "%-68s %14s %14s %7s%n",
                        row,
                        store == null ? "-" : String.format(Locale.ROOT, format, store),
                        raw == null ? "-" : String.format(Locale.ROOT, format, raw),
                        store == null || raw == null ? "-" : String.format(Locale.ROOT, "%.2f", store / raw));
            });
        }

        private static Double median(List<Double> values) {
            if (values == null || values.isEmpty()) {
                return null;
            }
            List<Double> sorted = new ArrayList<>(values);
            sorted.sort(null);
            return sorted.get(sorted.size() / 2);
        }
    }
}
