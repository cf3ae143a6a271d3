package io.rockwal.bench;

import io.rockwal.core.WalType;
import io.rockwal.rocks.RocksEventLog;
import io.rockwal.rocks.RocksEventLogOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.WriteBatch;

/**
 * W5: truncate the older half of the log, on the store and on raw RocksDB (a DeleteRange per type
 * column family and the metadata, in one synced batch, then a compaction of the range): how long the
 * truncation takes, how lookups in the kept half behave before, right after and after the compaction,
 * how much disk comes back and how soon 40 % of it does.
 */
final class TruncationWorkload {

    private static final String TRUNCATE = "W5 truncate the older half (ms)";
    private static final String GET_BEFORE = "W5 get in the kept half before truncating, p50 (us)";
    private static final String GET_AFTER = "W5 get right after truncating, p50 (us)";
    private static final String GET_COMPACTED = "W5 get after the compaction, p50 (us)";
    private static final String DISK_BEFORE = "W5 disk before truncating (MiB)";
    private static final String DISK_AFTER = "W5 disk after the compaction (MiB)";
    private static final String RETURNED_40 = "W5 seconds until 40 % of the disk came back";
    private static final String COMPACTED = "W5 seconds until the compaction finished";

    private final WorkloadRunner.Report report;
    private final Path storeDir;
    private final Path rawDir;
    private final long events;
    private final RocksEventLogOptions options;
    private long blackhole;

    TruncationWorkload(
            WorkloadRunner.Report report, Path storeDir, Path rawDir, long events, RocksEventLogOptions options) {
        this.report = report;
        this.storeDir = storeDir;
        this.rawDir = rawDir;
        this.events = events;
        this.options = options;
    }

    void run() throws Exception {
        long before = events / 2 + 1;
        long[] kept = WorkloadRunner.randomLsns(20_000, 7, before, events);
        try (RocksEventLog log = RocksEventLog.open(storeDir, options)) {
            report.storeValue(
                    GET_BEFORE, p50(kept, lsn -> log.get(lsn).orElseThrow().payloadSize()), "%.2f");
            long diskBefore = diskBytes(storeDir);
            long start = System.nanoTime();
            log.truncateBefore(before);
            report.storeValue(TRUNCATE, (System.nanoTime() - start) / 1e6, "%.2f");
            report.storeValue(
                    GET_AFTER, p50(kept, lsn -> log.get(lsn).orElseThrow().payloadSize()), "%.2f");
            report.storeValue(RETURNED_40, secondsUntilReturned(storeDir, diskBefore, start), "%.1f");
            if (!log.awaitBackgroundCompaction(Duration.ofMinutes(10))) {
                throw new IllegalStateException("the store's compaction did not finish within 10 minutes");
            }
            report.storeValue(COMPACTED, (System.nanoTime() - start) / 1e9, "%.1f");
            report.storeValue(
                    GET_COMPACTED, p50(kept, lsn -> log.get(lsn).orElseThrow().payloadSize()), "%.2f");
            report.storeValue(DISK_BEFORE, diskBefore / 1048576.0, "%.1f");
            report.storeValue(DISK_AFTER, diskBytes(storeDir) / 1048576.0, "%.1f");
        }
        try (RawRocks raw = new RawRocks(rawDir, true, false);
                CompactRangeOptions compaction = new CompactRangeOptions()
                        .setExclusiveManualCompaction(false)
                        .setBottommostLevelCompaction(CompactRangeOptions.BottommostLevelCompaction.kForceOptimized)) {
            report.rawValue(GET_BEFORE, p50(kept, lsn -> WorkloadRunner.probe(raw, lsn)), "%.2f");
            long diskBefore = diskBytes(rawDir);
            byte[] from = RawRocks.key(1);
            byte[] to = RawRocks.key(before);
            long start = System.nanoTime();
            try (WriteBatch batch = new WriteBatch()) {
                for (ColumnFamilyHandle type : raw.types) {
                    batch.deleteRange(type, from, to);
                }
                batch.put(raw.meta, "state".getBytes(StandardCharsets.US_ASCII), new byte[32]);
                raw.db.write(raw.syncWrite, batch);
            }
            report.rawValue(TRUNCATE, (System.nanoTime() - start) / 1e6, "%.2f");
            report.rawValue(GET_AFTER, p50(kept, lsn -> WorkloadRunner.probe(raw, lsn)), "%.2f");
            for (ColumnFamilyHandle type : raw.types) {
                raw.db.compactRange(type, RawRocks.key(0), to, compaction);
            }
            report.rawValue(COMPACTED, (System.nanoTime() - start) / 1e9, "%.1f");
            report.rawValue(GET_COMPACTED, p50(kept, lsn -> WorkloadRunner.probe(raw, lsn)), "%.2f");
            report.rawValue(DISK_BEFORE, diskBefore / 1048576.0, "%.1f");
            report.rawValue(DISK_AFTER, diskBytes(rawDir) / 1048576.0, "%.1f");
        }
        if (blackhole == 42) {
            System.out.println(WalType.POTS);
        }
    }

    /** Polls the directory until 40 % of {@code before} is gone; seconds since {@code start}, or -1 after 120 s. */
    private static double secondsUntilReturned(Path dir, long before, long start) throws Exception {
        long deadline = start + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (diskBytes(dir) <= before * 0.6) {
                return (System.nanoTime() - start) / 1e9;
            }
            Thread.sleep(20);
        }
        return -1;
    }

    private double p50(long[] lsns, WorkloadRunner.Lookup lookup) throws Exception {
        for (int i = 0; i < Math.min(2_000, lsns.length); i++) {
            blackhole += lookup.size(lsns[i]);
        }
        long[] nanos = new long[lsns.length];
        for (int i = 0; i < lsns.length; i++) {
            long t0 = System.nanoTime();
            blackhole += lookup.size(lsns[i]);
            nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        return nanos[nanos.length / 2] / 1e3;
    }

    /** Every file of a store directory: tables, write-ahead logs, manifests, options, info logs. */
    static long diskBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(file -> file.toFile().length())
                    .sum();
        }
    }
}
