package io.rockwal.tests;

import io.rockwal.core.EventLog;
import io.rockwal.rocks.RocksEventLog;
import io.rockwal.rocks.RocksEventLogOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The process a crash test kills: opens a store, then writes events of every type, flushes, takes
 * checkpoints and truncates at random, forever. It acknowledges on stdout only what has returned:
 *
 * <pre>
 * OPEN lastFlushed firstRetained     after open returned
 * FLUSHED lsn                        a flush covering lsn returned (explicit or automatic)
 * TRUNCATING lsn / TRUNCATED lsn     before and after truncateBefore(lsn)
 * CHECKPOINT lsn                     createCheckpoint() returned lsn
 * </pre>
 *
 * The event written at LSN {@code n} by generation {@code g} is {@link SampleEvents#of(long)} of
 * {@link #seed(long, long)}, so the parent can rebuild it.
 */
public final class CrashChild {

    private CrashChild() {
    }

    static long seed(long generation, long lsn) {
        return generation * 0x9E3779B97F4A7C15L ^ lsn;
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        long generation = Long.parseLong(args[1]);
        int batchSize = Integer.parseInt(args[2]);
        PrintStream out = System.out;
        SplittableRandom random = new SplittableRandom(generation * 31 + 7);
        try (EventLog log = RocksEventLog.open(dir, RocksEventLogOptions.builder()
                .batchSize(batchSize).maxCheckpoints(4).build())) {
            long acked = log.lastFlushedLsn();
            say(out, "OPEN " + acked + " " + log.metadata().firstRetainedLsn());
            while (true) {
                int action = random.nextInt(1000);
                if (action < 900) {
                    long expected = log.lastLsn() + 1;
                    long lsn = log.write(SampleEvents.of(seed(generation, expected)));
                    if (lsn != expected) {
                        throw new IllegalStateException("expected LSN " + expected + ", got " + lsn);
                    }
                } else if (action < 960) {
                    log.flush();
                } else if (action < 985) {
                    say(out, "CHECKPOINT " + log.createCheckpoint());
                } else {
                    long first = log.metadata().firstRetainedLsn();
                    long before = first + random.nextLong(0, log.lastLsn() + 2 - first);
                    say(out, "TRUNCATING " + before);
                    log.truncateBefore(before);
                    say(out, "TRUNCATED " + before);
                }
                long flushed = log.lastFlushedLsn();
                if (flushed > acked) {
                    acked = flushed;
                    say(out, "FLUSHED " + flushed);
                }
            }
        }
    }

    private static void say(PrintStream out, String line) {
        out.println(line);
        out.flush();
    }
}
