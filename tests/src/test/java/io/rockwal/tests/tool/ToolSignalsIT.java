package io.rockwal.tests.tool;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockwal.rocks.RocksEventLog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Ctrl-C and SIGTERM end {@code rockwal tail}, run as a process, the conventional way: exit status 130
 * or 143, after it has flushed what it printed. The tail polls once a minute, so the entries it printed
 * are still in its output buffer when the signal comes: only the flush on the way out brings them.
 */
class ToolSignalsIT {

    private static final int ENTRIES = 24;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "SIG{0}: exit status {1}")
    @CsvSource({"INT, 130", "TERM, 143"})
    void tailEndsOnASignalWithItsConventionalStatusAfterFlushingWhatItPrinted(String signal, int status)
            throws Exception {
        ToolProcess.requireJar();
        Path store = dir.resolve("store");
        try (RocksEventLog log = RocksEventLog.open(store, 0)) {
            for (long lsn = 1; lsn <= ENTRIES; lsn++) {
                log.write(LiveWriter.event(lsn));
            }
        }
        Process tail =
                ToolProcess.start("tail", "--from", "1", "--interval", "60000", "--verbose", "--dir", store.toString());
        var out = ToolProcess.drain(tail.getInputStream());
        BlockingQueue<String> errLines = new LinkedBlockingQueue<>();
        Thread errReader = new Thread(
                () -> {
                    try (BufferedReader lines =
                            new BufferedReader(new InputStreamReader(tail.getErrorStream(), StandardCharsets.UTF_8))) {
                        lines.lines().forEach(errLines::add);
                    } catch (IOException e) {
                        // the tail ended
                    }
                },
                "tail-stderr");
        errReader.start();
        String opened = errLines.poll(30, TimeUnit.SECONDS);
        assertThat(opened).as("the tail says it opened the store").startsWith("rockwal: read");
        assumeSignalReachesTheJvm(tail, signal);
        Thread.sleep(2_000); // the subscription's first read, at once, prints every entry into the buffer
        assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(tail.pid()))
                        .start()
                        .waitFor())
                .isZero();
        assertThat(tail.waitFor(30, TimeUnit.SECONDS))
                .as("the tail ended on SIG%s", signal)
                .isTrue();
        errReader.join(5_000);
        assertThat(tail.exitValue()).as("exit status after SIG%s", signal).isEqualTo(status);
        List<String> lines = out.get().lines().toList();
        assertThat(lines).as("lines the tail printed before SIG%s", signal).hasSize(ENTRIES);
        assertThat(lines.get(ENTRIES - 1)).startsWith("{\"lsn\":" + ENTRIES + ",");
        assertThat(List.copyOf(errLines)).as("stderr").noneMatch(line -> line.contains("Exception"));
    }

    /**
     * A JVM started with a signal ignored keeps it ignored, and so does a background job of a
     * non-interactive shell with SIGINT: then no handler can see it, and the test has nothing to test.
     */
    private static void assumeSignalReachesTheJvm(Process process, String signal) throws IOException {
        int number = signal.equals("INT") ? 2 : 15;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("SigIgn:")) {
                long ignored = Long.parseUnsignedLong(
                        line.substring("SigIgn:".length()).trim(), 16);
                Assumptions.assumeTrue(
                        (ignored & (1L << (number - 1))) == 0,
                        "SIG" + signal + " is ignored in this process tree, so the tool cannot see it");
            }
        }
    }
}
