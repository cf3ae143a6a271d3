package io.rockwal.rocks;

import io.rockwal.core.IndexKeys;
import io.rockwal.core.WalType;
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
 * Key encoding: {@link LsnKeys} turns an LSN into its 8-byte key and back, and {@link KeyIndex} builds
 * the secondary-index key of an indexed entry (a PoTS block, keyed by block number) and reads the LSN
 * out of one. A flush encodes one LSN key per entry (and one index key per indexed entry); every read
 * decodes one per entry it visits, so these run once per entry on both paths.
 *
 * <p>In package {@code io.rockwal.rocks} of the test sources because the encoders are package-private.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class KeyEncodingBenchmark {

    private long lsn = 123_456_789L;
    private byte[] blockNumberKey;
    private byte[] lsnKey;
    private byte[] indexKey;

    @Setup
    public void setUp() {
        blockNumberKey = IndexKeys.ofUnsignedLong(987_654L);
        lsnKey = LsnKeys.encode(lsn);
        indexKey = KeyIndex.entry(WalType.POTS, blockNumberKey, lsn);
    }

    @Benchmark
    public byte[] lsnEncode() {
        return LsnKeys.encode(lsn);
    }

    @Benchmark
    public long lsnDecode() {
        return LsnKeys.decode(lsnKey, "wal:pots");
    }

    @Benchmark
    public byte[] indexEntry() {
        return KeyIndex.entry(WalType.POTS, blockNumberKey, lsn);
    }

    @Benchmark
    public long indexLsn() {
        return KeyIndex.lsn(indexKey);
    }
}
