package io.rockwal.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rockwal.core.EventLogException;
import io.rockwal.core.EventLogIOException;
import io.rockwal.core.WalEntry;
import io.rockwal.events.StandardEvents;
import io.rockwal.rocks.RocksEventLog;
import io.rockwal.rocks.RocksEventLogOptions;
import io.rockwal.rocks.StoreHealth;
import io.rockwal.testkit.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDBException;
import org.rocksdb.SstFileReader;
import org.rocksdb.SstFileReaderIterator;

/**
 * Failing and slow disks under a store, through {@link PowerCutFs}'s fault modes.
 *
 * <p>What is promised, and checked here:
 * <ul>
 *   <li><b>A failed fsync</b> ("fsyncgate": after a failed fsync the kernel may have dropped the dirty
 *       pages, and a later fsync can succeed without them). The flush that asked for it throws; no entry
 *       of it counts as flushed; the store then refuses every write and flush until it is reopened
 *       (RocksDB's background error; what PostgreSQL chose too), so no later flush can succeed over the
 *       lost data. After a power cut and a reopen every acknowledged entry is there.</li>
 *   <li><b>Out of space</b> on the write path: the flush throws a transient disk-full error, its entries
 *       stay buffered, and once space is back the same log flushes them (as {@link DiskFullIT} shows
 *       on a real full file system).</li>
 *   <li><b>An I/O error on a write</b>: as a failed fsync: that flush throws, writes are refused until
 *       a reopen, nothing acknowledged is lost.</li>
 *   <li><b>An I/O error reading a table block</b>: the read throws, naming the column family and the LSN,
 *       and never returns wrong data.</li>
 *   <li><b>A slow disk</b> (every fsync 200 ms): {@code writeAsync} keeps accepting within its bounds,
 *       the writers wait rather than queue without limit, and every write completes; throughput and
 *       p99 are printed.</li>
 * </ul>
 */
class PowerCutFaultIT {

    private static final int BATCH = 100;
    private static final ConcurrentLinkedQueue<String> FINDINGS = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger FAULTS = new AtomicInteger();

    @TempDir
    Path dir;

    private Path backing;

    @BeforeEach
    void fuse() {
        assumeTrue(PowerCutFs.unavailable() == null, PowerCutFs.unavailable());
        backing = dir.resolve("backing");
    }

    @AfterAll
    static void summary() {
        if (PowerCutFs.unavailable() != null) {
            return;
        }
        FINDINGS.forEach(finding -> System.out.println("disk faults detail: " + finding));
        System.out.printf(
                "disk faults: %d faults injected (failed fsync, ENOSPC, EIO on write, EIO on a table read,"
                        + " 200 ms fsync), 0 acknowledged entries lost, 0 wrong reads%n",
                FAULTS.get());
    }

    @Test
    void aFailedFsyncFailsItsFlushAndEveryLaterWriteUntilReopenAndLosesNothingAcknowledged() throws Exception {
        try (PowerCutFs fs = PowerCutFs.mount(backing, dir.resolve("mnt"))) {
            RocksEventLog log = RocksEventLog.open(fs.mountPoint().resolve("store"), BATCH);
            try {
                EventLogIOException failed = failFlush(log, fs, "fsync-error once");
                FINDINGS.add("failed fsync: " + firstLine(failed));
                StoreHealth health = log.health();
                assertThat(health.status())
                        .as("health after a failed fsync: %s", health)
                        .isEqualTo(StoreHealth.Status.FAILED);
                assertThat(health.reason()).contains("flush of LSNs 501..");
                FINDINGS.add("health after a failed fsync: "
                        + health.reason().lines().findFirst().orElse(""));
                assertThat(log.lastFlushedLsn())
                        .as("nothing of the failed flush counts as flushed")
                        .isEqualTo(500);
                // the fault is gone: the next fsync would succeed, without the pages the failed one lost
                EventLogIOException refused = thrown(log::flush);
                assertThat(refused.getMessage())
                        .as("a later flush")
                        .contains("writes stopped after an earlier write failed")
                        .contains("close and reopen");
                FINDINGS.add("flush after a failed fsync: " + firstLine(refused));
                assertThat(thrown(() -> log.write(SampleEvents.of(551))).getMessage())
                        .as("a later write")
                        .contains("writes stopped");
                assertThat(log.writeAsync(SampleEvents.of(551)))
                        .as("a later writeAsync")
                        .failsWithin(Duration.ofMinutes(1))
                        .withThrowableOfType(ExecutionException.class)
                        .withCauseInstanceOf(EventLogIOException.class);
                assertThatThrownBy(log::createCheckpoint)
                        .as("a later checkpoint")
                        .isInstanceOf(EventLogIOException.class);
                assertThatThrownBy(() -> log.truncateBefore(10))
                        .as("a later truncation")
                        .isInstanceOf(EventLogIOException.class);
                assertThat(log.lastFlushedLsn()).isEqualTo(500);
                assertExact(log.get(500).orElseThrow(), 500);
            } finally {
                closeQuietly(log);
            }
            fs.cut(PowerCutFs.Mode.DROP, 1);
        }
        reopenedHolds(500);
    }

    @Test
    void aWriteFailingWithEnospcFailsItsFlushTransientlyAndTheSameLogFlushesOnceSpaceIsBack() throws Exception {
        try (PowerCutFs fs = PowerCutFs.mount(backing, dir.resolve("mnt"))) {
            try (RocksEventLog log = RocksEventLog.open(fs.mountPoint().resolve("store"), BATCH)) {
                EventLogIOException full = failFlush(log, fs, "write-error enospc");
                assertThat(full.isTransient())
                        .as("disk full is transient: %s", full.getMessage())
                        .isTrue();
                assertThat(full.getMessage()).contains("disk is full");
                assertThat(log.lastFlushedLsn()).isEqualTo(500);
                StoreHealth whileFull = log.health();
                assertThat(whileFull.status())
                        .as("RocksDB's listener reported the background error: %s", whileFull)
                        .isEqualTo(StoreHealth.Status.FAILED);
                assertThat(whileFull.reason())
                        .contains("RocksDB background error")
                        .contains("No space left");
                FINDINGS.add("health while the disk is full: " + whileFull.reason());
                fs.command("write-error off");
                DiskFullIT.flushOnceSpaceIsBack(log);
                assertThat(log.health().status())
                        .as("health once space is back: %s", log.health())
                        .isEqualTo(StoreHealth.Status.OK);
                assertThat(log.lastFlushedLsn())
                        .as("the buffered entries flushed after space came back")
                        .isEqualTo(550);
                writeAndFlush(log, 551, 600);
            }
            fs.cut(PowerCutFs.Mode.DROP, 2);
        }
        reopenedHolds(600);
    }

    @Test
    void aWriteFailingWithEioFailsItsFlushAndLaterWritesUntilReopen() throws Exception {
        try (PowerCutFs fs = PowerCutFs.mount(backing, dir.resolve("mnt"))) {
            RocksEventLog log = RocksEventLog.open(fs.mountPoint().resolve("store"), BATCH);
            try {
                EventLogIOException failed = failFlush(log, fs, "write-error eio");
                assertThat(failed.isTransient()).isFalse();
                FINDINGS.add("EIO on write: " + firstLine(failed));
                assertThat(log.health().status())
                        .as("health after EIO: %s", log.health())
                        .isEqualTo(StoreHealth.Status.FAILED);
                fs.command("write-error off");
                assertThat(thrown(log::flush).getMessage())
                        .as("a later flush, the fault gone")
                        .contains("writes stopped");
                assertThat(log.lastFlushedLsn()).isEqualTo(500);
            } finally {
                closeQuietly(log);
            }
            fs.cut(PowerCutFs.Mode.DROP, 3);
        }
        reopenedHolds(500);
    }

    @Test
    void anEioReadingATableBlockIsReportedWithColumnFamilyAndLsnNeverAsWrongData() throws Exception {
        Path store = backing.resolve("store");
        Files.createDirectories(backing);
        try (RocksEventLog log = RocksEventLog.open(store, BATCH)) {
            writeAndFlush(log, 1, 5_000);
        }
        Table table = largestTable(store);
        try (PowerCutFs fs = PowerCutFs.mount(backing, dir.resolve("mnt"))) {
            // the first data block: the open reads only the table's footer, index and filter at its end
            fs.command("read-error " + table.file().getFileName() + " 0 4096");
            FAULTS.incrementAndGet();
            try (RocksEventLog log = RocksEventLog.open(fs.mountPoint().resolve("store"), BATCH)) {
                EventLogException failed = thrown(() -> log.get(table.firstLsn()), EventLogException.class);
                assertThat(failed.getMessage())
                        .as("names the column family and the LSN")
                        .contains("'" + table.columnFamily() + "'")
                        .contains("LSN " + table.firstLsn());
                FINDINGS.add("EIO on a table block: " + firstLine(failed));
                List<Long> replayed = new ArrayList<>();
                assertThatThrownBy(() -> log.replay(entry -> replayed.add(entry.lsn())))
                        .isInstanceOf(EventLogException.class);
                assertThat(replayed)
                        .as("a replay stops before the unreadable block, in order")
                        .isEqualTo(Stream.iterate(1L, lsn -> lsn + 1)
                                .limit(replayed.size())
                                .toList());
                replayed.forEach(lsn -> assertExact(log.get(lsn).orElseThrow(), lsn));
            }
            fs.command("read-error off");
        }
        reopenedHolds(5_000);
    }

    @Test
    void withEveryFsyncTakingTwoHundredMillisecondsWriteAsyncStaysWithinItsBoundsAndCompletes() throws Exception {
        int writers = 4;
        int perWriter = 3_000;
        int capacity = 1_000;
        try (PowerCutFs fs = PowerCutFs.mount(backing, dir.resolve("mnt"))) {
            fs.command("fsync-delay 200");
            FAULTS.incrementAndGet();
            long[] latencies = new long[writers * perWriter];
            long began;
            long ended;
            int outstandingMax;
            try (RocksEventLog log = RocksEventLog.open(
                    fs.mountPoint().resolve("store"),
                    RocksEventLogOptions.builder().asyncQueueCapacity(capacity).build())) {
                AtomicInteger outstanding = new AtomicInteger();
                AtomicInteger maxOutstanding = new AtomicInteger();
                List<Thread> threads = new ArrayList<>();
                List<CompletableFuture<Long>> futures = java.util.Collections.synchronizedList(new ArrayList<>());
                began = System.nanoTime();
                for (int w = 0; w < writers; w++) {
                    int writer = w;
                    Thread thread = new Thread(
                            () -> {
                                for (int i = 0; i < perWriter; i++) {
                                    int slot = writer * perWriter + i;
                                    long submitted = System.nanoTime();
                                    maxOutstanding.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
                                    CompletableFuture<Long> future = log.writeAsync(SampleEvents.of(slot));
                                    futures.add(future.whenComplete((lsn, failure) -> {
                                        latencies[slot] = System.nanoTime() - submitted;
                                        outstanding.decrementAndGet();
                                    }));
                                }
                            },
                            "slow-disk-writer-" + w);
                    thread.start();
                    threads.add(thread);
                }
                for (Thread thread : threads) {
                    thread.join();
                }
                CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                        .get(10, TimeUnit.MINUTES);
                ended = System.nanoTime();
                assertThat(log.lastFlushedLsn()).isEqualTo((long) writers * perWriter);
                // A group is what the committer polls plus what it then drains: a writer blocked on a full
                // queue refills the slot the poll freed, so a group holds up to capacity + 1 writes.
                int group = capacity + 1;
                assertThat(log.metrics().groupSizes().max())
                        .as("largest group, queue capacity %d", capacity)
                        .isLessThanOrEqualTo(group);
                // queued, one group committing, one group being completed, one blocked writer per thread
                assertThat(maxOutstanding.get())
                        .as("writes not yet completed at once, queue capacity %d", capacity)
                        .isGreaterThanOrEqualTo(capacity)
                        .isLessThanOrEqualTo(capacity + 2 * group + writers);
                outstandingMax = maxOutstanding.get();
            }
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            double seconds = (ended - began) / 1e9;
            String figures = String.format(
                    "%,d durable writes from %d threads with every fsync delayed 200 ms: %,.0f/s,"
                            + " latency p50 %.0f ms, p99 %.0f ms, max %.0f ms; at most %,d writes in flight (queue capacity %,d)",
                    sorted.length,
                    writers,
                    sorted.length / seconds,
                    sorted[sorted.length / 2] / 1e6,
                    sorted[sorted.length * 99 / 100] / 1e6,
                    sorted[sorted.length - 1] / 1e6,
                    outstandingMax,
                    capacity);
            System.out.println("disk faults: " + figures);
            FINDINGS.add("slow fsync: " + figures);
            fs.command("fsync-delay 0");
        }
        reopenedHolds((long) writers * perWriter, false);
    }

    private void reopenedHolds(long lastLsn) {
        reopenedHolds(lastLsn, true);
    }

    /**
     * Opens the backing store without the file system: LSNs 1.. contiguous up to at least {@code lastLsn}
     * (each the sample event of its LSN when {@code exact}), and it takes a new write.
     */
    private void reopenedHolds(long lastLsn, boolean exact) {
        try (RocksEventLog log = RocksEventLog.open(backing.resolve("store"), BATCH)) {
            assertThat(log.lastFlushedLsn())
                    .as("every acknowledged LSN after reopening")
                    .isGreaterThanOrEqualTo(lastLsn);
            long last = log.lastFlushedLsn();
            long[] next = {1};
            log.replay(entry -> {
                assertThat(entry.lsn()).isEqualTo(next[0]++);
                if (exact && entry.lsn() <= lastLsn) {
                    assertExact(entry, entry.lsn());
                }
            });
            assertThat(next[0] - 1).isEqualTo(last);
            long lsn = log.write(SampleEvents.of(last + 1));
            log.flush();
            assertThat(lsn).isEqualTo(last + 1);
        }
    }

    /**
     * Flushes LSNs 1..500, buffers 501..550, turns the fault on and returns what the flush of the
     * buffered entries threw.
     */
    private static EventLogIOException failFlush(RocksEventLog log, PowerCutFs fs, String fault) throws Exception {
        writeAndFlush(log, 1, 500);
        writeUnflushed(log, 501, 550);
        fs.command(fault);
        FAULTS.incrementAndGet();
        return thrown(log::flush);
    }

    private static void writeAndFlush(RocksEventLog log, long from, long to) {
        writeUnflushed(log, from, to);
        log.flush();
        assertThat(log.lastFlushedLsn()).isEqualTo(to);
    }

    /** Writes fewer than a batch at a time past the last flush, so nothing flushes on its own. */
    private static void writeUnflushed(RocksEventLog log, long from, long to) {
        for (long lsn = from; lsn <= to; lsn++) {
            assertThat(log.write(SampleEvents.of(lsn))).isEqualTo(lsn);
        }
    }

    /** The entry at an LSN is SampleEvents.of(lsn), type and payload. */
    private static void assertExact(WalEntry entry, long lsn) {
        var expected = StandardEvents.catalog().encode(SampleEvents.of(lsn));
        assertThat(entry.type()).as("type of LSN %d", lsn).isEqualTo(expected.type());
        assertThat(entry.payload()).as("payload of LSN %d", lsn).isEqualTo(expected.payload());
    }

    private static EventLogIOException thrown(Runnable action) {
        return thrown(action, EventLogIOException.class);
    }

    private static <E extends Throwable> E thrown(Runnable action, Class<E> type) {
        try {
            action.run();
        } catch (Throwable e) {
            assertThat(e).isInstanceOf(type);
            return type.cast(e);
        }
        throw new AssertionError("expected " + type.getSimpleName() + ", nothing was thrown");
    }

    private static void closeQuietly(RocksEventLog log) {
        try {
            log.close();
        } catch (EventLogException e) {
            FINDINGS.add("close after the fault: " + firstLine(e));
        }
    }

    private static String firstLine(Throwable e) {
        return e.getClass().getSimpleName() + ": "
                + e.getMessage().lines().findFirst().orElse("");
    }

    /** A table file, its column family and the first LSN it holds. */
    private record Table(Path file, String columnFamily, long firstLsn) {}

    private static Table largestTable(Path store) throws Exception {
        Table largest = null;
        long largestSize = -1;
        try (Stream<Path> files = Files.list(store)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".sst"))
                    .toList()) {
                try (Options options = new Options();
                        SstFileReader reader = new SstFileReader(options)) {
                    reader.open(file.toString());
                    String family =
                            new String(reader.getTableProperties().getColumnFamilyName(), StandardCharsets.UTF_8);
                    if (!family.startsWith("wal:") || Files.size(file) <= largestSize) {
                        continue;
                    }
                    try (org.rocksdb.ReadOptions read = new org.rocksdb.ReadOptions();
                            SstFileReaderIterator iterator = reader.newIterator(read)) {
                        iterator.seekToFirst();
                        long first = java.nio.ByteBuffer.wrap(iterator.key()).getLong();
                        largest = new Table(file, family, first);
                        largestSize = Files.size(file);
                    }
                } catch (RocksDBException e) {
                    throw new AssertionError("cannot read table " + file, e);
                }
            }
        }
        assertThat(largest).as("a table file of an entry type in %s", store).isNotNull();
        return largest;
    }
}
