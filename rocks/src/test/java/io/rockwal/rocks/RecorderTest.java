package io.rockwal.rocks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The buckets behind {@link Distribution}: percentiles never below the truth, less than 25 % above. */
class RecorderTest {

    @Test
    void everyValueFallsInABucketWhoseEdgesHoldIt() {
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            long value = random.nextLong() >>> (1 + random.nextInt(63)); // every magnitude, never negative
            int bucket = Recorder.bucketOf(value);
            assertThat(Recorder.upperEdge(bucket)).isGreaterThanOrEqualTo(value);
            if (bucket > 0) {
                assertThat(Recorder.upperEdge(bucket - 1)).isLessThan(value);
            }
        }
        assertThat(Recorder.upperEdge(Recorder.bucketOf(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void percentilesAreWithinTheBucketWidthOfTheTrueOnes() {
        Recorder recorder = new Recorder();
        for (long v = 1; v <= 10_000; v++) {
            recorder.record(v);
        }
        Distribution d = recorder.snapshot();
        assertThat(d.count()).isEqualTo(10_000);
        assertThat(d.sum()).isEqualTo(10_000L * 10_001 / 2);
        assertThat(d.max()).isEqualTo(10_000);
        assertThat(d.p50()).isBetween(5_000L, 6_250L);
        assertThat(d.p99()).isBetween(9_900L, 10_000L);
        assertThat(d.p999()).isBetween(9_990L, 10_000L);
    }

    @Test
    void smallValuesAreExactAndNothingRecordedIsAllZero() {
        Recorder recorder = new Recorder();
        assertThat(recorder.snapshot()).isEqualTo(new Distribution(0, 0, 0, 0, 0, 0));
        for (int i = 0; i < 99; i++) {
            recorder.record(3);
        }
        recorder.record(7);
        Distribution d = recorder.snapshot();
        assertThat(d.p50()).isEqualTo(3);
        assertThat(d.p99()).isEqualTo(3);
        assertThat(d.p999()).isEqualTo(7);
        assertThat(d.mean()).isEqualTo((99 * 3 + 7) / 100.0);
    }
}
