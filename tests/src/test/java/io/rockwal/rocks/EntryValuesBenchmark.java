package io.rockwal.rocks;

import io.rockwal.core.Operation;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Value encoding for a 256-byte payload: {@link EntryValues#encode} (header plus a copy of the payload,
 * once per write), {@link EntryValues#decode} (header checks plus a copy of the payload into the
 * {@link WalEntry}, once per entry read) and {@link EntryValues#ordinal} (the header alone, as a count
 * reads it). The header is the one of a typical entry: codec id 8, a timestamp of this era, an ordinal
 * in the millions.
 *
 * <p>In package {@code io.rockwal.rocks} of the test sources because the encoder is package-private.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class EntryValuesBenchmark {

    static final int PAYLOAD_BYTES = 256;

    private long lsn = 123_456_789L;
    private long timestampMillis = 1_764_000_000_000L;
    private long ordinal = 17_000_000L;
    private int codecId = 8;
    private byte[] payload;
    private byte[] value;

    @Setup
    public void setUp() {
        payload = new byte[PAYLOAD_BYTES];
        new SplittableRandom(7).nextBytes(payload);
        value = EntryValues.encode(Operation.APPEND, codecId, timestampMillis, ordinal, payload);
    }

    @Benchmark
    public byte[] encode() {
        return EntryValues.encode(Operation.APPEND, codecId, timestampMillis, ordinal, payload);
    }

    @Benchmark
    public WalEntry decode() {
        return EntryValues.decode(lsn, WalType.POTS, value);
    }

    @Benchmark
    public long ordinal() {
        return EntryValues.ordinal(lsn, WalType.POTS, value);
    }
}
