package io.rockwal.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockwal.core.EventLogInUseException;
import io.rockwal.rocks.RocksEventLog;
import io.rockwal.rocks.RocksEventLogReader;
import io.rockwal.testkit.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store lock is a file lock, and file locks belong to the process: closing any channel on the lock
 * file would drop the writer's lock. A reader opened in the writer's own process probes the lock; the
 * writer must still hold it against other processes afterwards, and against a second open in this one.
 */
class StoreLockIT {

    @TempDir
    Path dir;

    @Test
    void readersInTheWritersProcessLeaveTheLockHeldAgainstAnotherProcess() throws Exception {
        Path store = dir.resolve("store");
        try (RocksEventLog log = RocksEventLog.open(store, 0)) {
            log.write(SampleEvents.of(1));
            log.flush();
            for (int i = 0; i < 5; i++) {
                try (RocksEventLogReader reader = RocksEventLogReader.open(store)) {
                    assertThat(reader.mode()).isEqualTo(RocksEventLogReader.Mode.SECONDARY);
                    assertThat(reader.get(1)).isPresent();
                }
            }
            assertThatThrownBy(() -> RocksEventLog.open(store, 0)).isInstanceOf(EventLogInUseException.class);
            assertThatThrownBy(() -> RocksEventLog.open(
                            dir.resolve("elsewhere").resolve("..").resolve("store"), 0))
                    .as("another spelling of the same directory")
                    .isInstanceOf(EventLogInUseException.class);

            assertThat(openInAnotherProcess(store))
                    .as("a second process opening the held store")
                    .isEqualTo("in use");
            log.write(SampleEvents.of(2));
            log.flush();
        }
        assertThat(openInAnotherProcess(store)).as("after close").isEqualTo("opened 2");
    }

    private static String openInAnotherProcess(Path store) throws Exception {
        Process child = new ProcessBuilder(ChildJvm.command("64m", Opener.class, store.toString()))
                .redirectErrorStream(true)
                .start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String[] lines = output.split("\n");
        return lines[lines.length - 1];
    }

    /** Opens the store and says whether it could, and its last LSN. */
    public static final class Opener {
        public static void main(String[] args) {
            try (RocksEventLog log = RocksEventLog.open(Path.of(args[0]), 0)) {
                System.out.println("opened " + log.lastLsn());
            } catch (EventLogInUseException e) {
                System.out.println("in use");
            }
        }
    }
}
