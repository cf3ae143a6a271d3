package io.rockwal.tests;

import io.rockwal.core.Event;
import io.rockwal.core.LsnMetadata;
import io.rockwal.events.StandardEvents;
import io.rockwal.rocks.RocksEventLog;
import io.rockwal.rocks.RocksEventLogOptions;
import io.rockwal.testkit.SampleEvents;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * The process the crash loop kills. It starts, loads its classes and RocksDB's library, says
 * {@code READY} and waits for a line on stdin, so the parent can start it while it still checks the
 * previous round. Then it opens the store and writes events of every type (with {@code write} and
 * bursts of {@code writeAsync}), flushes, takes checkpoints and truncates at random, until it is
 * killed. It says on stdout what it is about to do and what has returned:
 *
 * <pre>
 * READY                          classes loaded; waiting for the parent's go
 * OPENING                        about to open the store
 * OPEN lastFlushed firstRetained open returned (recovery done)
 * FLUSHED lsn                    every entry up to lsn is durable (a flush, an automatic flush or
 *                                writeAsync completions returned)
 * TRUNCATING before              about to call truncateBefore(before); before is above the first retained LSN
 * TRUNCATED before               truncateBefore(before) returned
 * CHECKPOINTING first            about to call createCheckpoint(); first is the first retained LSN it will leave
 * CHECKPOINT lsn first           createCheckpoint() returned lsn and left first as the first retained LSN
 * BACKING-UP name                about to call backupTo(backups/name)
 * BACKUP name first last         backupTo returned: the backup holds LSNs first..last
 * </pre>
 *
 * Backups are taken only when a fifth argument names the directory to put them in.
 *
 * The event at LSN {@code n} written by generation {@code g} is {@link #event(long, long)}, so the parent
 * can rebuild it. The child checks every LSN and first retained LSN the log returns against what it
 * predicted and dies with an exception on a mismatch, which the parent reports as a failure.
 */
public final class CrashChild {

    /** Checkpoints the child's log keeps; the fifth truncates before the oldest. */
    static final int MAX_CHECKPOINTS = 4;

    private CrashChild() {}

    /** The event a generation writes at an LSN. */
    static Event event(long generation, long lsn) {
        return SampleEvents.of(generation * 0x9E3779B97F4A7C15L ^ lsn);
    }

    /**
     * Arguments: store directory, generation, batch size, and how many of 1,000 actions truncate (the
     * parent raises it for a child it means to kill at a truncation, so it need not wait long).
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        if (args[1].equals("archive")) {
            exercise(dir);
            return;
        }
        long generation = Long.parseLong(args[1]);
        int batchSize = Integer.parseInt(args[2]);
        int truncationsPerMille = Integer.parseInt(args[3]);
        Path backups = args.length > 4 ? Path.of(args[4]) : null;
        PrintStream out = System.out;
        SplittableRandom random = new SplittableRandom(generation * 0xC2B2AE3D27D4EB4FL + batchSize);
        warmUp();
        say(out, "READY");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (in.readLine() == null) {
            return;
        }
        say(out, "OPENING");
        RocksEventLogOptions options = RocksEventLogOptions.builder()
                .batchSize(batchSize)
                .maxCheckpoints(MAX_CHECKPOINTS)
                // small memtables, so RocksDB also flushes them to table files while it is killed
                .writeBufferBytes(4L << 20)
                .blockCacheBytes(8L << 20)
                .build();
        try (RocksEventLog log = RocksEventLog.open(dir, options)) {
            long acked = log.lastFlushedLsn();
            say(out, "OPEN " + acked + " " + log.metadata().firstRetainedLsn());
            while (true) {
                int action = random.nextInt(1000);
                if (action < truncationsPerMille) {
                    truncate(log, random, out);
                } else if (action < 890) {
                    write(log, generation);
                } else if (action < 930) {
                    writeAsyncBurst(log, generation, 1 + random.nextInt(16));
                } else if (action < 980) {
                    log.flush();
                } else if (backups != null && action >= 996) {
                    backup(log, backups.resolve("b" + generation + "-" + random.nextInt(1 << 30)), out);
                } else {
                    checkpoint(log, out);
                }
                long flushed = log.lastFlushedLsn();
                if (flushed > acked) {
                    acked = flushed;
                    say(out, "FLUSHED " + flushed);
                }
            }
        }
    }

    private static void write(RocksEventLog log, long generation) {
        long expected = log.lastLsn() + 1;
        long lsn = log.write(event(generation, expected));
        check(lsn == expected, "write got LSN " + lsn + ", expected " + expected);
    }

    /**
     * Queues events through the group committer and waits for all of them. This thread is the only
     * writer and nothing else runs until they complete, so they get the LSNs after the last one handed out.
     */
    private static void writeAsyncBurst(RocksEventLog log, long generation, int events) {
        long first = log.lastLsn() + 1;
        List<CompletableFuture<Long>> futures = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            futures.add(log.writeAsync(event(generation, first + i)));
        }
        for (int i = 0; i < events; i++) {
            long lsn = futures.get(i).join();
            check(lsn == first + i, "writeAsync got LSN " + lsn + ", expected " + (first + i));
        }
        check(log.lastFlushedLsn() >= first + events - 1, "writeAsync completed before its flush");
    }

    private static void checkpoint(RocksEventLog log, PrintStream out) {
        List<Long> checkpoints = log.checkpoints();
        long first = log.metadata().firstRetainedLsn();
        long expectedFirst =
                checkpoints.size() + 1 > MAX_CHECKPOINTS && checkpoints.get(0) > first ? checkpoints.get(0) : first;
        say(out, "CHECKPOINTING " + expectedFirst);
        long lsn = log.createCheckpoint();
        long firstAfter = log.metadata().firstRetainedLsn();
        check(
                firstAfter == expectedFirst,
                "checkpoint left first retained LSN " + firstAfter + ", expected " + expectedFirst);
        say(out, "CHECKPOINT " + lsn + " " + firstAfter);
    }

    private static void backup(RocksEventLog log, Path target, PrintStream out) {
        say(out, "BACKING-UP " + target.getFileName());
        log.backupTo(target);
        say(
                out,
                "BACKUP " + target.getFileName() + " " + log.metadata().firstRetainedLsn() + " "
                        + log.lastFlushedLsn());
    }

    /** Truncates mostly a part of the older half, sometimes everything. */
    private static void truncate(RocksEventLog log, SplittableRandom random, PrintStream out) {
        LsnMetadata metadata = log.metadata();
        long first = metadata.firstRetainedLsn();
        long last = log.lastLsn();
        if (last < first) {
            return;
        }
        long span = last + 1 - first;
        long before = random.nextInt(10) == 0 ? last + 1 : first + 1 + random.nextLong(Math.max(1, span / 2));
        say(out, "TRUNCATING " + before);
        log.truncateBefore(before);
        long firstAfter = log.metadata().firstRetainedLsn();
        check(firstAfter == before, "truncateBefore(" + before + ") left first retained LSN " + firstAfter);
        say(out, "TRUNCATED " + before);
    }

    /**
     * Runs every path the writing loop takes once on a scratch store and ends normally: the run that
     * dumps the class-data archive the killed children start from ({@link CrashChildProcess}).
     */
    private static void exercise(Path dir) throws Exception {
        warmUp();
        SplittableRandom random = new SplittableRandom(1);
        PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
        try (RocksEventLog log = RocksEventLog.open(
                dir,
                RocksEventLogOptions.builder()
                        .maxCheckpoints(MAX_CHECKPOINTS)
                        .writeBufferBytes(4L << 20)
                        .blockCacheBytes(8L << 20)
                        .build())) {
            for (int i = 0; i < 200; i++) {
                write(log, 0);
            }
            writeAsyncBurst(log, 0, 16);
            log.flush();
            for (int i = 0; i < MAX_CHECKPOINTS + 1; i++) {
                checkpoint(log, quiet);
            }
            truncate(log, random, quiet);
        }
    }

    /** Loads and links what the writing loop uses, so a kill while opening hits RocksDB, not class loading. */
    private static void warmUp() {
        for (int kind = 0; kind < SampleEvents.KINDS; kind++) {
            StandardEvents.catalog().encode(SampleEvents.of(kind));
        }
        org.rocksdb.RocksDB.loadLibrary();
    }

    private static void check(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalStateException(problem);
        }
    }

    private static void say(PrintStream out, String line) {
        out.println(line);
        out.flush();
    }
}
