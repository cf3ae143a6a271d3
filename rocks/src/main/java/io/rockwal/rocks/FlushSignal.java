package io.rockwal.rocks;

/**
 * Tells readers that wait for new durable entries (subscriptions) that a flush happened. Writers only
 * bump a counter and wake waiters; they never wait for a reader.
 */
final class FlushSignal {

    private long flushes;

    synchronized void flushed() {
        flushes++;
        notifyAll();
    }

    /** The number of flushes so far; pass it to {@link #awaitAfter}. */
    synchronized long flushes() {
        return flushes;
    }

    /** Waits until a flush after {@code seen} happens or the timeout passes. */
    synchronized void awaitAfter(long seen, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (flushes == seen) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return;
            }
            wait(left);
        }
    }
}
