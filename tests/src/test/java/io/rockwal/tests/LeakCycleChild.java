package io.rockwal.tests;

import io.rockwal.core.EntryCursor;
import io.rockwal.core.Subscription;
import io.rockwal.core.WalType;
import io.rockwal.rocks.RocksEventLog;
import io.rockwal.rocks.RocksEventLogOptions;
import io.rockwal.rocks.RocksEventLogReader;
import io.rockwal.testkit.SampleEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The child JVM of {@link OpenCloseIT}: opens and closes one store {@code cycles} times, using every
 * kind of native resource in each cycle, and prints its resident memory and open file descriptors after
 * the warm-up cycle, every 20th cycle after it and at the end, as {@code MEASURE <cycle> <VmRSS kB> <fd count>}
 * lines. Runs alone
 * in its JVM so that its resident memory is this work's only.
 *
 * <p>Arguments: store directory, cycles, warm-up cycle.
 */
final class LeakCycleChild {

    private LeakCycleChild() {}

    public static void main(String[] args) throws Exception {
        Path store = Path.of(args[0]);
        int cycles = Integer.parseInt(args[1]);
        int warmUp = Integer.parseInt(args[2]);
        RocksEventLogOptions options =
                RocksEventLogOptions.builder().batchSize(100).build();
        long seed = 0;
        long retainedLsn = 1;
        for (int cycle = 1; cycle <= cycles; cycle++) {
            boolean closeWithOpenHandles = cycle % 10 == 0;
            AtomicLong delivered = new AtomicLong();
            try (RocksEventLog log = RocksEventLog.open(store, options)) {
                long from = log.lastLsn() + 1;
                for (int i = 0; i < 50; i++) {
                    log.write(SampleEvents.of(seed++));
                }
                log.flush();
                // keep the store small, as a node that truncates behind its checkpoints does: without it
                // every cycle adds table files that every later open must load, which is growth of the
                // data, not a leak
                log.truncateBefore(Math.max(1, from - 200));
                retainedLsn = from;
                require(log.get(from).isPresent(), "entry " + from + " in cycle " + cycle);
                long[] replayed = {0};
                log.replay(WalType.POTS, entry -> replayed[0]++);
                assertPresent(log.last(WalType.HEADER_SYNC));
                EntryCursor cursor = log.cursor(from);
                cursor.next();
                Subscription subscription = log.subscribe(from, entry -> delivered.incrementAndGet());
                long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (delivered.get() < 50 && System.nanoTime() < waitUntil) {
                    Thread.sleep(1);
                }
                require(delivered.get() == 50, "50 deliveries in cycle " + cycle + ", got " + delivered.get());
                RocksEventLogReader reader = RocksEventLogReader.open(store);
                require(reader.mode() == RocksEventLogReader.Mode.SECONDARY, "a secondary reader");
                assertPresent(reader.get(from));
                reader.close();
                if (!closeWithOpenHandles) {
                    cursor.close();
                    subscription.close();
                }
            }
            try (RocksEventLogReader reader = RocksEventLogReader.open(store)) {
                require(reader.mode() == RocksEventLogReader.Mode.READ_ONLY, "a read-only reader");
                assertPresent(reader.get(retainedLsn));
            }
            if (cycle == warmUp || cycle == cycles || (cycle > warmUp && cycle % 20 == 0)) {
                System.gc();
                System.out.println("MEASURE " + cycle + " " + residentKilobytes() + " " + openFileDescriptors());
                System.out.flush();
            }
        }
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("expected " + what);
        }
    }

    private static long residentKilobytes() throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            String line = lines.filter(l -> l.startsWith("VmRSS:")).findFirst().orElseThrow();
            return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
    }

    private static long openFileDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static void assertPresent(java.util.Optional<?> found) {
        if (found.isEmpty()) {
            throw new AssertionError("an entry the cycle wrote is missing");
        }
    }
}
