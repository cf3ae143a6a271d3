package io.rockwal.rocks.tool;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How a command that runs until interrupted ({@code tail}) is told to stop, and how SIGINT and SIGTERM
 * become a clean stop with exit status 0.
 *
 * <p>The JVM turns both signals into its shutdown sequence and exits with 130 or 143. With
 * {@link #stopOnSignals()}, the first SIGINT or SIGTERM only asks the command to stop: it closes the
 * store, flushes its output and returns, and the process exits normally with status 0 (running the
 * usual exit cleanup, such as deleting the RocksDB native library RocksDB unpacked into the temporary
 * directory). A second signal exits at once with status 130. The handlers are installed through
 * {@code sun.misc.Signal} (module {@code jdk.unsupported}), looked up reflectively so that the build
 * stays free of warnings about internal API; on a runtime without it, a shutdown hook waits for the
 * command to finish and then halts the JVM with status 0, skipping that cleanup. Nothing is installed
 * until a command asks, so the other commands keep the JVM's default behaviour.
 */
final class StopRequest {

    private static final long GRACE_SECONDS = 10;
    private static final int STATUS_ON_SECOND_SIGNAL = 130;

    private final boolean signalsEnabled;
    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    private StopRequest(boolean signalsEnabled) {
        this.signalsEnabled = signalsEnabled;
    }

    /** A request that only {@link #request()} triggers: for tests and in-process callers. */
    static StopRequest manual() {
        return new StopRequest(false);
    }

    /** A request that SIGINT and SIGTERM trigger too, once {@link #stopOnSignals()} is called. */
    static StopRequest fromSignals() {
        return new StopRequest(true);
    }

    /** Makes SIGINT and SIGTERM stop the command cleanly (see above); does nothing for a manual request. */
    void stopOnSignals() {
        if (!signalsEnabled) {
            return;
        }
        boolean handled = handleSignal("INT");
        handled &= handleSignal("TERM");
        if (!handled) {
            haltWhenFinished();
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

    private void onSignal() {
        if (isRequested()) {
            finished();
            System.exit(STATUS_ON_SECOND_SIGNAL);
        }
        request();
    }

    /**
     * Installs {@link #onSignal()} for the named signal; false if that fails: no sun.misc.Signal in this
     * runtime, or a signal the process ignores (as SIGINT in a background job of a non-interactive shell).
     */
    private boolean handleSignal(String name) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            InvocationHandler dispatch = (proxy, method, args) -> switch (method.getName()) {
                case "handle" -> {
                    onSignal();
                    yield null;
                }
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "rockwal stop on signal";
            };
            Object handler = Proxy.newProxyInstance(handlerClass.getClassLoader(), new Class<?>[] {handlerClass}, dispatch);
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            handle.invoke(null, signalClass.getConstructor(String.class).newInstance(name), handler);
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false;
        }
    }

    private void haltWhenFinished() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (finished.getCount() == 0) {
                return;
            }
            request();
            try {
                finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(0);
        }, "rockwal-stop"));
    }
}
