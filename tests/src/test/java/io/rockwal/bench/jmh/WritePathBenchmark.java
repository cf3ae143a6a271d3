package io.rockwal.bench.jmh;

import io.rockwal.core.EncodedEvent;
import io.rockwal.core.Event;
import io.rockwal.core.EventCatalog;
import io.rockwal.core.EventCodec;
import io.rockwal.core.Operation;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import io.rockwal.events.PoTSBlockEvent;
import io.rockwal.events.StandardEvents;
import io.rockwal.rocks.RocksEventLog;
import io.rockwal.rocks.RocksEventLogOptions;
import io.rockwal.testkit.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The write path's cost per entry: {@link RocksEventLog#write} of a 256-byte event, and
 * {@link EventCatalog#encode} of the same events alone; the difference is what the store adds (clock,
 * lock, LSN and ordinal, value encoding, buffering, and the flush).
 *
 * <p>The store is opened once per trial in a temporary directory with batches of {@value #BATCH_SIZE}
 * and no fsync ({@code syncOnFlush(false)}), and deleted after it. Every {@value #BATCH_SIZE}th write
 * flushes the buffer as one RocksDB write batch, so a write's time is the buffering plus 1/{@value
 * #BATCH_SIZE} of a flush: the flush cost is amortised over the writes, not hidden. RocksDB's
 * background memtable flushes and compactions run beside it on the same cores and are part of the
 * figure too; the store grows by some hundred megabytes per second of measurement. One write thread;
 * writes per second are 10<sup>9</sup> / (ns per write).
 *
 * <p>Two events: {@code opaque}, 256 bytes under a type of its own with a codec that hands the bytes over
 * as they are (the store's own cost, as in the workload runner), and {@code pots}, a
 * {@link PoTSBlockEvent} with 256 bytes of block data (Kryo, and an index entry by block number). Each
 * write takes the next of {@value #RING} events with different random bytes, so that what RocksDB
 * stores does not compress.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class WritePathBenchmark {

    static final int BATCH_SIZE = 1000;
    static final int PAYLOAD_BYTES = 256;
    private static final int RING = 4096;

    private static final WalType OPAQUE = WalType.of("bench:opaque");
    private static final EventCatalog CATALOG =
            StandardEvents.catalog().toBuilder().add(new OpaqueCodec()).build();

    /** The events written, in turn. */
    @State(Scope.Thread)
    public static class Events {

        @Param({"opaque", "pots"})
        private String event;

        private final Event[] ring = new Event[RING];
        private int next;

        @Setup
        public void setUp() {
            SplittableRandom random = new SplittableRandom(42);
            for (int i = 0; i < RING; i++) {
                byte[] bytes = io.rockwal.testkit.SampleEvents.randomBytes(random, PAYLOAD_BYTES);
                ring[i] = event.equals("opaque")
                        ? new OpaqueEvent(bytes)
                        : new PoTSBlockEvent(Operation.APPEND, 1_000_000 + i, bytes, 1_764_000_000_000L + i);
            }
        }

        Event next() {
            next = (next + 1) & (RING - 1);
            return ring[next];
        }
    }

    /** A store in a temporary directory, for one trial. */
    @State(Scope.Thread)
    public static class Store {

        private Path dir;
        private RocksEventLog log;

        @Setup(Level.Trial)
        public void open() throws IOException {
            dir = Files.createTempDirectory("rockwal-jmh-");
            log = RocksEventLog.open(
                    dir.resolve("store"),
                    RocksEventLogOptions.builder()
                            .catalog(CATALOG)
                            .batchSize(BATCH_SIZE)
                            .syncOnFlush(false)
                            .build());
        }

        @TearDown(Level.Trial)
        public void closeAndDelete() throws IOException {
            try {
                log.close();
            } finally {
                TestFiles.deleteRecursively(dir);
            }
        }
    }

    @Benchmark
    public long write(Store store, Events events) {
        return store.log.write(events.next());
    }

    @Benchmark
    public EncodedEvent encode(Events events) {
        return CATALOG.encode(events.next());
    }

    /** Opaque bytes; the log keeps them as they are. */
    record OpaqueEvent(byte[] payload) implements Event {

        @Override
        public WalType type() {
            return OPAQUE;
        }

        @Override
        public Operation operation() {
            return Operation.APPEND;
        }
    }

    /** Hands an {@link OpaqueEvent}'s bytes over without copying. */
    private static final class OpaqueCodec implements EventCodec<OpaqueEvent> {

        @Override
        public int id() {
            return EventCodec.FIRST_CUSTOM_ID;
        }

        @Override
        public WalType type() {
            return OPAQUE;
        }

        @Override
        public Class<OpaqueEvent> eventClass() {
            return OpaqueEvent.class;
        }

        @Override
        public byte[] encode(OpaqueEvent event) {
            return event.payload();
        }

        @Override
        public OpaqueEvent decode(WalEntry entry) {
            return new OpaqueEvent(entry.payload());
        }
    }
}
