package io.rockwal.rocks;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockwal.core.Operation;
import io.rockwal.events.PoTSBlockEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committer thread belongs to the log: something else interrupting it (a container's shutdown
 * hook that interrupts every thread, a debugger) must neither stop it nor lose a queued write.
 */
class GroupCommitterTest {

    @TempDir
    Path dir;

    @Test
    void interruptingTheCommitterThreadLosesNoWriteAndStopsNothing() throws Exception {
        RocksEventLogOptions options = RocksEventLogOptions.builder()
                .groupCommitDelay(Duration.ofMillis(2))
                .build();
        try (RocksEventLog log = RocksEventLog.open(dir, options)) {
            List<CompletableFuture<Long>> futures = new ArrayList<>();
            futures.add(log.writeAsync(block(0)));
            Thread committer = committerThread();
            for (int round = 1; round <= 200; round++) {
                for (int i = 0; i < 10; i++) {
                    futures.add(log.writeAsync(block(round * 10L + i)));
                }
                committer.interrupt();
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            for (int i = 0; i < futures.size(); i++) {
                assertThat(futures.get(i).join()).as("future %d", i).isEqualTo(i + 1L);
            }
            assertThat(committer.isAlive()).isTrue();
            assertThat(log.writeAsync(block(9_999)).get(60, TimeUnit.SECONDS)).isEqualTo(futures.size() + 1L);
        }
    }

    private Thread committerThread() {
        String name = "rockwal-committer " + dir.toAbsolutePath().normalize();
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no thread named " + name));
    }

    private static PoTSBlockEvent block(long number) {
        return new PoTSBlockEvent(Operation.APPEND, number, new byte[] {1, 2, 3}, 1_700_000_000_000L);
    }
}
