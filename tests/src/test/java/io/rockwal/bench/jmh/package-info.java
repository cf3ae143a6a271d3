/**
 * JMH micro-benchmarks of the hot paths, one class each: key encoding
 * ({@code io.rockwal.rocks.KeyEncodingBenchmark}), value encoding
 * ({@code io.rockwal.rocks.EntryValuesBenchmark}), the codecs of the eight standard events
 * ({@link io.rockwal.bench.jmh.CodecBenchmark}) and the write path's cost per entry
 * ({@link io.rockwal.bench.jmh.WritePathBenchmark}). The two encoders' benchmarks live in package
 * {@code io.rockwal.rocks} of the test sources because the encoders are package-private. The workload
 * runner in {@link io.rockwal.bench} measures whole workloads; these measure what one entry costs on each
 * path, to find where the time goes.
 *
 * <p>Never part of the default build; run them with the {@code jmh} profile, which skips the tests and
 * starts {@link io.rockwal.bench.jmh.JmhMain} (the machine, then {@code org.openjdk.jmh.Main}) with the
 * test classpath, passing {@code -Djmh.args} on:
 *
 * <pre>
 * mvn -B -Pjmh -pl tests -am verify -Djmh.args="-f 1 -wi 3 -i 5 -w 1s -r 1s"
 * mvn -B -Pjmh -pl tests -am verify -Djmh.args="WritePathBenchmark -p event=opaque"
 * mvn -B -Pjmh -pl tests -am verify -Djmh.args="-h"     # JMH's options
 * </pre>
 *
 * <p>Without arguments every benchmark runs with the settings in its annotations, sized for a small
 * machine: one fork (1 GiB heap), three warm-up and five measured iterations of one second; the full
 * set of 27 takes about four minutes. Every figure is the average time of one call in nanoseconds, with
 * JMH's 99.9 % error. On a shared 2-core machine that error is wide: give numbers with the machine
 * and the settings, and compare only figures from the same run.
 */
package io.rockwal.bench.jmh;
