package io.rockwal.rocks;

/**
 * A summary of recorded values: how many, their sum and largest, and percentiles. For the figures the
 * log records itself, the percentiles come from buckets that grow by a quarter of a power of two, so a
 * percentile is the upper edge of the bucket holding it: never below the true value and less than 25 %
 * above it (exact below 8), and never above the largest. {@link LogMetrics#fsyncNanos()} comes from
 * RocksDB's histogram instead and says how it differs.
 *
 * @param count how many values were recorded
 * @param sum their sum
 * @param max the largest, 0 when none was recorded
 * @param p50 the median (upper bucket edge), 0 when none was recorded
 * @param p99 the 99th percentile (upper bucket edge), 0 when none was recorded
 * @param p999 the 99.9th percentile (upper bucket edge), 0 when none was recorded
 */
public record Distribution(long count, long sum, long max, long p50, long p99, long p999) {

    /** Nothing recorded. */
    public static final Distribution EMPTY = new Distribution(0, 0, 0, 0, 0, 0);

    /** The mean, 0 when nothing was recorded. */
    public double mean() {
        return count == 0 ? 0 : (double) sum / count;
    }
}
