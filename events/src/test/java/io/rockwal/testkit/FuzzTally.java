package io.rockwal.testkit;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Counts what a class of fuzz targets did and prints the module's summary line after it: in the
 * default build, the corpus inputs replayed (Jazzer adds the empty input to each target's corpus) and
 * the failures; when fuzzing, the executions of the target fuzzed.
 */
public final class FuzzTally implements TestWatcher, AfterAllCallback {

    private final String module;
    private final Map<String, AtomicLong> executions = new TreeMap<>();
    private long replayed;
    private long failures;

    public FuzzTally(String module) {
        this.module = module;
    }

    /** Called by a target on every input. */
    public synchronized void executed(String target) {
        executions.computeIfAbsent(target, t -> new AtomicLong()).incrementAndGet();
    }

    @Override
    public synchronized void testSuccessful(ExtensionContext context) {
        replayed++;
    }

    @Override
    public synchronized void testFailed(ExtensionContext context, Throwable cause) {
        replayed++;
        failures++;
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {}

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {}

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (fuzzing()) {
            executions.forEach((target, count) -> System.out.printf(
                    "fuzz (%s): %s fuzzed, %,d executions, %d failures%n", module, target, count.get(), failures));
        } else {
            System.out.printf(
                    "fuzz regression (%s): %d targets, %,d corpus inputs replayed, %d failures%n",
                    module, executions.size(), replayed, failures);
        }
    }

    private static boolean fuzzing() {
        String env = System.getenv("JAZZER_FUZZ");
        return (env != null && !env.isEmpty()) || Boolean.getBoolean("jazzer.fuzz");
    }
}
