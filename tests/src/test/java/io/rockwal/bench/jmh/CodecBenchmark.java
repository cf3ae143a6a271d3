package io.rockwal.bench.jmh;

import io.rockwal.core.EncodedEvent;
import io.rockwal.core.Event;
import io.rockwal.core.EventCatalog;
import io.rockwal.core.WalEntry;
import io.rockwal.events.EventFactory;
import io.rockwal.events.StandardEvents;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The codecs: {@link EventCatalog#encode} and {@link EventFactory#decode} of one sample event of each of
 * the eight standard classes ({@link EventKind}). Every write pays the encode and every typed read the
 * decode, so for all but the smallest events the codec, not RocksDB, is the larger part of a write's CPU
 * time. The catalogue lookup, the size checks and the entry's codec-id check are included, as a caller
 * pays them.
 *
 * <p>The payload size of each sample is printed before its first warm-up figure: read the times against
 * it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CodecBenchmark {

    private static final EventCatalog CATALOG = StandardEvents.catalog();

    @Param
    private EventKind kind;

    private Event event;
    private WalEntry entry;

    /** Encodes the sample once, checks that it decodes to an equal event, and prints its payload size. */
    @Setup
    public void setUp() {
        event = kind.sample();
        EncodedEvent encoded = CATALOG.encode(event);
        entry = new WalEntry(
                1_000_000,
                encoded.type(),
                encoded.operation(),
                1_764_000_000_000L,
                encoded.codecId(),
                encoded.payload());
        if (!EventFactory.decode(entry).equals(event)) {
            throw new IllegalStateException(kind + " does not survive a round trip");
        }
        System.out.print("(" + kind + " sample: " + encoded.payload().length + "-byte payload) ");
    }

    @Benchmark
    public EncodedEvent encode() {
        return CATALOG.encode(event);
    }

    @Benchmark
    public Event decode() {
        return EventFactory.decode(entry);
    }
}
