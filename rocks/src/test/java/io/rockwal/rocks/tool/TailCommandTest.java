package io.rockwal.rocks.tool;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockwal.rocks.RocksEventLog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rockwal tail} in this process, stopped as SIGINT would stop it: it prints what writers flush,
 * including after the writer's memtables are flushed (rocksdb issue 15051) and after a writer opens a
 * store that no writer held when the tail started.
 */
class TailCommandTest {

    private static final long TIMEOUT_MILLIS = 15_000;

    @TempDir
    Path dir;

    /** A tail running on its own thread, whose output can be read while it runs. */
    private static final class RunningTail {
        private final StringWriter out = new StringWriter();
        private final StringWriter err = new StringWriter();
        private final StopRequest stop = StopRequest.manual();
        private final Thread thread;
        private volatile int status = -1;

        RunningTail(String... args) {
            thread = new Thread(
                    () -> status =
                            RockwalCli.run(args, new PrintWriter(out), new PrintWriter(err), Terminals.NONE, stop),
                    "tail-under-test");
            thread.start();
        }

        List<Long> lsns() {
            String text = out.toString();
            List<Long> lsns = new ArrayList<>();
            for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
                if (!line.isEmpty()) {
                    lsns.add(ToolFixtures.parse(line).get("lsn").getAsLong());
                }
            }
            return lsns;
        }

        List<Long> awaitLsns(int count) throws InterruptedException {
            long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
            while (lsns().size() < count && System.currentTimeMillis() < deadline && thread.isAlive()) {
                Thread.sleep(10);
            }
            return lsns();
        }

        int stop() throws InterruptedException {
            stop.request();
            thread.join(TIMEOUT_MILLIS);
            assertThat(thread.isAlive()).as("tail stopped").isFalse();
            return status;
        }
    }

    private static List<Long> range(long from, long to) {
        List<Long> lsns = new ArrayList<>();
        for (long lsn = from; lsn <= to; lsn++) {
            lsns.add(lsn);
        }
        return lsns;
    }

    @Test
    void followsAWriterThatOpensTheStoreAfterTheTailStarted() throws Exception {
        ToolFixtures.writeStore(dir, 1);
        RunningTail tail = new RunningTail("tail", "--from", "1", "--interval", "20", "--dir", dir.toString());
        assertThat(tail.awaitLsns(8)).isEqualTo(range(1, 8));
        ToolFixtures.writeStore(dir, 1);
        assertThat(tail.awaitLsns(16)).isEqualTo(range(1, 16));
        assertThat(tail.stop()).isEqualTo(RockwalCli.OK);
        assertThat(tail.err.toString()).isEmpty();
    }

    @Test
    void seesWhatARunningWriterFlushesAlsoAfterItsMemtablesAreFlushed() throws Exception {
        RocksEventLog writer = RocksEventLog.open(dir, 0);
        try {
            ToolFixtures.everyKind().forEach(writer::write);
            writer.flush();
            RunningTail tail = new RunningTail("tail", "--from", "1", "--interval", "20", "--dir", dir.toString());
            assertThat(tail.awaitLsns(8)).isEqualTo(range(1, 8));
            writer.write(ToolFixtures.block(9));
            writer.flush();
            assertThat(tail.awaitLsns(9)).isEqualTo(range(1, 9));
            writer.write(ToolFixtures.block(10));
            writer.flush();
            writer.close();
            assertThat(tail.awaitLsns(10))
                    .as("the entry flushed just before the writer's memtables were")
                    .isEqualTo(range(1, 10));
            assertThat(tail.stop()).isEqualTo(RockwalCli.OK);
        } finally {
            writer.close();
        }
    }

    @Test
    void startsAfterTheLastFlushedEntryAndFiltersByType() throws Exception {
        ToolFixtures.writeStore(dir, 1);
        RunningTail tail = new RunningTail("tail", "--type", "pots", "--interval", "20", "--dir", dir.toString());
        Thread.sleep(200);
        ToolFixtures.writeStore(dir, 1);
        assertThat(tail.awaitLsns(1)).containsExactly(16L);
        Thread.sleep(200);
        assertThat(tail.stop()).isEqualTo(RockwalCli.OK);
        assertThat(tail.lsns()).containsExactly(16L);
    }

    @Test
    void aTooShortIntervalIsAUsageError() {
        ToolFixtures.writeStore(dir, 1);
        assertThat(CliRun.of("tail", "--interval", "1", "--dir", dir.toString()).status())
                .isEqualTo(RockwalCli.USAGE);
    }
}
