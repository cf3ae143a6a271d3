package io.rockwal.bench;

import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import io.rockwal.rocks.RocksEventLog;
import io.rockwal.rocks.RocksEventLogOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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

    private WorkloadRunner(Map<String, String> options) {
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
        new WorkloadRunner(options).run();
    }

    private void run() throws Exception {
        deleteRecursively(dir);
        Files.createDirectories(dir);
        System.out.println(Environment.describe(dir));
        System.out.printf(Locale.ROOT, "workload: %,d events, %d-byte random payloads, %d types round-robin, "
                + "batches of %,d, fsync per batch; %,d random lookups%n%n", events, payloadBytes, TYPES.size(), batch, lookups);

        Path storeDir = dir.resolve("store");
        Path rawDir = dir.resolve("raw");
        Path indexedDir = dir.resolve("raw-indexed");
        writeStore(storeDir);
        writeRaw(rawDir, false, "W1 write, fsync per batch (raw)");
        writeRaw(indexedDir, true, "W1 write, fsync per batch (raw + LSN index)");
        report.bytes("stored bytes per entry (SST, after close)", sstBytes(storeDir) / (double) events,
                sstBytes(rawDir) / (double) events);

        try (RocksEventLog log = timedOpen(storeDir);
                RawRocks raw = new RawRocks(rawDir, true, false);
                RawRocks indexed = new RawRocks(indexedDir, true, true)) {
            long[] lsns = randomLsns(lookups, 42);
            lookups("W2 get by LSN (store vs raw, probing each type)", lsns,
                    lsn -> log.get(lsn).orElseThrow().payloadSize(), lsn -> probe(raw, lsn));
            lookups("W2 get by LSN (raw multi-get vs raw probing)", lsns,
                    lsn -> multiGet(raw, lsn), lsn -> probe(raw, lsn));
            lookups("W2 get by LSN (raw LSN index vs raw probing)", lsns,
                    lsn -> viaIndex(indexed, lsn), lsn -> probe(raw, lsn));
            replayOneType(log, raw);
            replayAll(log, raw);
        }
        report.print();
        Runtime runtime = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "%nmemory at the end: heap used %.1f MiB, resident %s%n",
                (runtime.totalMemory() - runtime.freeMemory()) / 1048576.0, Environment.residentSize());
        if (blackhole == 42) {
            System.out.println();
        }
    }

    private byte[] payload(long lsn) {
        byte[] payload = new byte[payloadBytes];
        long x = lsn * 0x9E3779B97F4A7C15L;
        for (int i = 0; i < payload.length; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            payload[i] = (byte) x;
        }
        return payload;
    }

    private static int typeIndex(long lsn) {
        return (int) ((lsn - 1) % TYPES.size());
    }

    private void writeStore(Path storeDir) {
        RocksEventLogOptions options = RocksEventLogOptions.builder()
                .catalog(BlobEvent.catalog()).batchSize(batch).syncOnFlush(true).build();
        long start = System.nanoTime();
        try (RocksEventLog log = RocksEventLog.open(storeDir, options)) {
            for (long lsn = 1; lsn <= events; lsn++) {
                log.write(new BlobEvent(TYPES.get(typeIndex(lsn)), payload(lsn)));
            }
            log.flush();
            report.rateStore("W1 write, fsync per batch", events, System.nanoTime() - start);
        }
    }

    private void writeRaw(Path rawDir, boolean withIndex, String label) throws Exception {
        try (RawRocks raw = new RawRocks(rawDir, true, withIndex)) {
            long start = System.nanoTime();
            byte[] state = new byte[32];
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
                    writeBatch.put(raw.meta, "state".getBytes(java.nio.charset.StandardCharsets.US_ASCII), state);
                    raw.db.write(raw.syncWrite, writeBatch);
                }
            }
            report.rateRaw(label.startsWith("W1 write, fsync per batch (raw)") ? "W1 write, fsync per batch" : label,
                    events, System.nanoTime() - start);
        }
    }

    private RocksEventLog timedOpen(Path storeDir) {
        long start = System.nanoTime();
        RocksEventLog log = RocksEventLog.open(storeDir,
                RocksEventLogOptions.builder().catalog(BlobEvent.catalog()).build());
        report.note("W6 reopen after a clean close", String.format(Locale.ROOT, "%.1f ms", (System.nanoTime() - start) / 1e6));
        return log;
    }

    @FunctionalInterface
    private interface Lookup {
        int size(long lsn) throws Exception;
    }

    private void lookups(String label, long[] lsns, Lookup store, Lookup raw) throws Exception {
        long[] storeTimes = new long[lsns.length];
        long[] rawTimes = new long[lsns.length];
        for (int i = 0; i < Math.min(10_000, lsns.length); i++) {
            blackhole += store.size(lsns[i]) + raw.size(lsns[i]);
        }
        long storeTotal = 0;
        long rawTotal = 0;
        for (int i = 0; i < lsns.length; i++) {
            long t0 = System.nanoTime();
            blackhole += store.size(lsns[i]);
            long t1 = System.nanoTime();
            blackhole += raw.size(lsns[i]);
            long t2 = System.nanoTime();
            storeTimes[i] = t1 - t0;
            rawTimes[i] = t2 - t1;
            storeTotal += t1 - t0;
            rawTotal += t2 - t1;
        }
        report.latencies(label, storeTimes, storeTotal, rawTimes, rawTotal);
    }

    private static int probe(RawRocks raw, long lsn) throws Exception {
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

    private void replayOneType(RocksEventLog log, RawRocks raw) {
        WalType type = WalType.POTS;
        long[] count = new long[1];
        long start = System.nanoTime();
        log.replay(type, entry -> {
            count[0]++;
            blackhole += entry.payloadSize();
        });
        report.rateStore("W4 replay one type (1/7 of the log)", count[0], System.nanoTime() - start);
        start = System.nanoTime();
        long rawCount = 0;
        try (RocksIterator iterator = raw.db.newIterator(raw.types.get(TYPES.indexOf(type)))) {
            for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                blackhole += RawRocks.lsn(iterator.key()) + iterator.value().length;
                rawCount++;
            }
        }
        report.rateRaw("W4 replay one type (1/7 of the log)", rawCount, System.nanoTime() - start);
    }

    private void replayAll(RocksEventLog log, RawRocks raw) {
        long[] count = new long[1];
        long start = System.nanoTime();
        log.replay(entry -> {
            count[0]++;
            blackhole += entry.payloadSize();
        });
        report.rateStore("W3 replay all in LSN order", count[0], System.nanoTime() - start);
        start = System.nanoTime();
        long rawCount = mergedRawReplay(raw.db, raw.types);
        report.rateRaw("W3 replay all in LSN order", rawCount, System.nanoTime() - start);
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
        SplittableRandom random = new SplittableRandom(seed);
        long[] lsns = new long[count];
        for (int i = 0; i < count; i++) {
            lsns[i] = random.nextLong(1, events + 1);
        }
        return lsns;
    }

    static long sstBytes(Path storeDir) throws IOException {
        try (Stream<Path> files = Files.list(storeDir)) {
            return files.filter(file -> file.toString().endsWith(".sst")).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path file : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** Rows of store-against-raw figures. */
    private static final class Report {
        private final Map<String, String[]> rows = new java.util.LinkedHashMap<>();

        void rateStore(String label, long count, long nanos) {
            row(label)[0] = rate(count, nanos);
            row(label)[3] = String.valueOf(count / (nanos / 1e9));
        }

        void rateRaw(String label, long count, long nanos) {
            row(label)[1] = rate(count, nanos);
            row(label)[4] = String.valueOf(count / (nanos / 1e9));
        }

        void bytes(String label, double store, double raw) {
            String[] row = row(label);
            row[0] = String.format(Locale.ROOT, "%.1f B", store);
            row[1] = String.format(Locale.ROOT, "%.1f B", raw);
            row[2] = String.format(Locale.ROOT, "%.3f", store / raw);
        }

        void note(String label, String value) {
            row(label)[0] = value;
        }

        void latencies(String label, long[] store, long storeTotal, long[] raw, long rawTotal) {
            Arrays.sort(store);
            Arrays.sort(raw);
            for (String[] percentile : new String[][] {{"p50", "0.50"}, {"p99", "0.99"}, {"p99.9", "0.999"}}) {
                double q = Double.parseDouble(percentile[1]);
                long s = store[(int) Math.min(store.length - 1, Math.floor(q * store.length))];
                long r = raw[(int) Math.min(raw.length - 1, Math.floor(q * raw.length))];
                String[] row = row(label + " " + percentile[0]);
                row[0] = String.format(Locale.ROOT, "%.1f us", s / 1e3);
                row[1] = String.format(Locale.ROOT, "%.1f us", r / 1e3);
                row[2] = String.format(Locale.ROOT, "%.2f", s / (double) r);
            }
            rateStore(label + " throughput", store.length, storeTotal);
            rateRaw(label + " throughput", raw.length, rawTotal);
        }

        private String[] row(String label) {
            return rows.computeIfAbsent(label, l -> new String[5]);
        }

        private static String rate(long count, long nanos) {
            return String.format(Locale.ROOT, "%,.0f /s", count / (nanos / 1e9));
        }

        void print() {
            System.out.printf(Locale.ROOT, "%-62s %16s %16s %8s%n", "workload", "store", "raw RocksDB", "ratio");
            rows.forEach((label, row) -> {
                String ratio = row[2];
                if (ratio == null && row[3] != null && row[4] != null) {
                    ratio = String.format(Locale.ROOT, "%.2f", Double.parseDouble(row[3]) / Double.parseDouble(row[4]));
                }
                System.out.printf(Locale.ROOT, "%-62s %16s %16s %8s%n", label, orDash(row[0]), orDash(row[1]), orDash(ratio));
            });
        }

        private static String orDash(String value) {
            return value == null ? "-" : value;
        }
    }
}
