package io.rockwal.rocks;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Records non-negative values into fixed buckets, without locks and without allocation: values below 8
 * each have a bucket; above, every power of two is split into four buckets. 252 buckets cover every
 * {@code long}. A {@link #snapshot()} taken while values are recorded may miss the latest few.
 */
final class Recorder {

    private static final int LINEAR = 8;
    private static final int BUCKETS = LINEAR + (63 - 2) * 4;

    private final AtomicLongArray buckets = new AtomicLongArray(BUCKETS);
    private final LongAdder count = new LongAdder();
    private final LongAdder sum = new LongAdder();
    private final LongAccumulator max = new LongAccumulator(Math::max, 0);

    void record(long value) {
        long v = Math.max(0, value);
        buckets.incrementAndGet(bucketOf(v));
        count.increment();
        sum.add(v);
        max.accumulate(v);
    }

    Distribution snapshot() {
        long[] counts = new long[BUCKETS];
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] = buckets.get(i);
            total += counts[i];
        }
        long largest = max.get();
        return new Distribution(
                total,
                sum.sum(),
                largest,
                percentile(counts, total, 0.5, largest),
                percentile(counts, total, 0.99, largest),
                percentile(counts, total, 0.999, largest));
    }

    static int bucketOf(long value) {
        if (value < LINEAR) {
            return (int) value;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value); // 3 or more
        int quarter = (int) (value >>> (exponent - 2)) & 3;
        return LINEAR + (exponent - 3) * 4 + quarter;
    }

    /** The largest value a bucket holds. */
    static long upperEdge(int bucket) {
        if (bucket < LINEAR) {
            return bucket;
        }
        int exponent = (bucket - LINEAR) / 4 + 3;
        int quarter = (bucket - LINEAR) % 4;
        long lower = (1L << exponent) + ((long) quarter << (exponent - 2));
        long width = 1L << (exponent - 2);
        return lower + width - 1 < 0 ? Long.MAX_VALUE : lower + width - 1;
    }

    private static long percentile(long[] counts, long total, double fraction, long largest) {
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(upperEdge(i), largest);
            }
        }
        return largest;
    }
}
