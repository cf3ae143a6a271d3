package io.rockwal.rocks.tool;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How a command that runs until interrupted ({@code tail}, {@code serve}) is told to stop, and how
 * Ctrl-C and SIGTERM stop it the conventional way: after it has closed the store and flushed what it
 * printed, with exit status 130 (SIGINT) or 143 (SIGTERM).
 *
 * <p>The JVM turns SIGINT, SIGTERM and SIGHUP into its shutdown sequence, runs the shutdown hooks, and
 * then exits with status 128 plus the signal's number, whatever status the program later passes to
 * {@code System.exit}. {@link #stopOnShutdown()} adds a hook that asks the command to stop and waits
 * up to {@value #GRACE_SECONDS} s for {@link #finished()}, which {@link RockwalCli#main} calls once the
 * command has returned and the output is flushed. The hook cannot tell which signal arrived, and has no
 * need to: the status is the JVM's. On an exit without a signal the hook finds the command finished
 * and returns at once. A second Ctrl-C does not cut the wait short (the JVM runs its hooks once); a
 * command that has not finished within the grace period loses what it had not flushed. Nothing is
 * installed until a command asks, so the other commands keep the JVM's default: Ctrl-C ends them at
 * once.
 */
final class StopRequest {

    private static final long GRACE_SECONDS = 10;

    private final boolean process;
    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    private StopRequest(boolean process) {
        this.process = process;
    }

    /** A request that only {@link #request()} triggers: for tests and in-process callers. */
    static StopRequest manual() {
        return new StopRequest(false);
    }

    /** A request that the JVM's shutdown (Ctrl-C, SIGTERM) triggers too, once {@link #stopOnShutdown()} is called. */
    static StopRequest forProcess() {
        return new StopRequest(true);
    }

    /** Makes the JVM's shutdown stop the command and wait for it (see above); does nothing for a manual request. */
    void stopOnShutdown() {
        if (process) {
            Runtime.getRuntime().addShutdownHook(new Thread(this::stopAndWait, "rockwal-stop"));
        }
    }

    /** Asks the command to stop. */
    void request() {
        requested.countDown();
    }

    boolean isRequested() {
        return requested.getCount() == 0;
    }

    /** Waits up to {@code millis}, returning early (true) when a stop is requested. */
    boolean await(long millis) throws InterruptedException {
        return requested.await(millis, TimeUnit.MILLISECONDS);
    }

    /** The command has released everything and flushed its output; the process may end. */
    void finished() {
        finished.countDown();
    }

    private void stopAndWait() {
        request();
        try {
            finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
