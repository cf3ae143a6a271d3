package io.rockwal.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.rockwal.rocks.goimport.GoImportReport;
import io.rockwal.rocks.goimport.GoWalImport;
import io.rockwal.testkit.TestFiles;
import io.rockwal.tests.GoLogs;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The import rate of the Go log importer ({@code --suite import-go}): a Go log of {@code --events}
 * entries made of the basic fixture's records in a loop (its mix of all eight event classes, LSNs
 * renumbered), plus one reconciliation batch of 100,000 accounts in the middle, imported
 * {@code --rounds} times into a new store; prints each round, the median entries and MB per second,
 * and the peak heap, which stays bounded by the largest entry however long the log is.
 */
final class ImportGoRunner {

    private static final Path BASIC =
            Path.of("src", "test", "resources", "go-wal", "basic", "wal", "00000000000000000001");
    private static final int BIG_BATCH_ACCOUNTS = 100_000;

    private final Path dir;
    private final long events;
    private final int rounds;

    ImportGoRunner(Path dir, long events, int rounds) {
        this.dir = dir;
        this.events = events;
        this.rounds = rounds;
    }

    void run() throws Exception {
        System.out.println(Environment.describe(dir));
        Path goLog = dir.resolve("go-wal");
        long bytes = writeGoLog(goLog);
        System.out.printf(
                Locale.ROOT,
                "import-go: %,d entries (the basic fixture's mix, and one reconciliation batch"
                        + " of %,d accounts), %,d bytes of segments; %d round(s)%n",
                events,
                BIG_BATCH_ACCOUNTS,
                bytes,
                rounds);
        double[] rates = new double[rounds];
        double[] megabytes = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            Path store = dir.resolve("store");
            TestFiles.deleteRecursively(store);
            resetPeaks();
            GoImportReport report = GoWalImport.from(goLog).into(store);
            double seconds = report.elapsed().toNanos() / 1e9;
            rates[round] = report.imported() / seconds;
            megabytes[round] = bytes / 1e6 / seconds;
            System.out.printf(
                    Locale.ROOT,
                    "  round %d: %,d entries in %.2f s: %,.0f entries/s, %.1f MB/s of segments;"
                            + " peak heap %,d MiB%n",
                    round + 1,
                    report.imported(),
                    seconds,
                    rates[round],
                    megabytes[round],
                    peakHeap() >> 20);
        }
        System.out.printf(
                Locale.ROOT,
                "import-go median: %,.0f entries/s, %.1f MB/s (max heap %,d MiB)%n",
                median(rates),
                median(megabytes),
                Runtime.getRuntime().maxMemory() >> 20);
    }

    private long writeGoLog(Path goLog) throws IOException {
        TestFiles.deleteRecursively(goLog);
        Files.createDirectories(goLog);
        List<byte[]> records = GoLogs.records(Files.readAllBytes(BASIC));
        Path segment = goLog.resolve("00000000000000000001");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(segment), 1 << 20)) {
            for (long lsn = 1; lsn <= events; lsn++) {
                byte[] record = lsn == events / 2
                        ? bigBatch(lsn)
                        : renumbered(records.get((int) ((lsn - 1) % records.size())), lsn);
                out.write(GoLogs.frame(record));
            }
        }
        return Files.size(segment);
    }

    private static byte[] renumbered(byte[] record, long lsn) {
        JsonObject envelope = JsonParser.parseString(new String(record, StandardCharsets.UTF_8))
                .getAsJsonObject();
        envelope.addProperty("lsn", lsn);
        return envelope.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bigBatch(long lsn) {
        StringBuilder event =
                new StringBuilder("{\"type\":\"wal:reconciliation\",\"lsn\":0,\"operation\":\"\",\"accounts\":[");
        for (int i = 0; i < BIG_BATCH_ACCOUNTS; i++) {
            event.append(i == 0 ? "" : ",")
                    .append(String.format(
                            Locale.ROOT, "{\"a\":\"0x%040x\",\"b\":\"%d\",\"n\":%d}", i, 1_000_000_007L * i, i));
        }
        event.append("],\"timestamp\":1796162548}");
        return ("{\"type\":\"wal:reconciliation\",\"data\":\""
                        + Base64.getEncoder().encodeToString(event.toString().getBytes(StandardCharsets.UTF_8))
                        + "\",\"lsn\":" + lsn + ",\"timestamp\":1796162554}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void resetPeaks() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed())
                .sum();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
