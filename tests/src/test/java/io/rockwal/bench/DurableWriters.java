package io.rockwal.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Durable writes per second from writer threads that each wait for their write to be durable before
 * the next: a quarter of the window to warm up, then the window measured.
 */
final class DurableWriters {

    /** One durable write by writer {@code thread}, its {@code i}-th. */
    @FunctionalInterface
    interface Write {
        void run(int thread, long i) throws Exception;
    }

    private DurableWriters() {}

    static double rate(int threads, Duration window, Write write) throws Exception {
        LongAdder durable = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                writers.add(pool.submit(() -> {
                    start.await();
                    for (long i = 0; !stop.get(); i++) {
                        write.run(thread, i);
                        durable.increment();
                    }
                    return null;
                }));
            }
            start.countDown();
            Thread.sleep(window.toMillis() / 4);
            long from = durable.sum();
            long t0 = System.nanoTime();
            Thread.sleep(window.toMillis());
            long done = durable.sum() - from;
            double seconds = (System.nanoTime() - t0) / 1e9;
            stop.set(true);
            for (Future<?> writer : writers) {
                writer.get();
            }
            return done / seconds;
        } finally {
            pool.shutdownNow();
        }
    }
}
