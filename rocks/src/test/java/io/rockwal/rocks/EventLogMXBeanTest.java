package io.rockwal.rocks;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockwal.core.Operation;
import io.rockwal.events.PoTSBlockEvent;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JMX view of a log: only when asked for, with the snapshot's values, gone once the log closes. */
class EventLogMXBeanTest {

    @TempDir
    Path dir;

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    @Test
    void aLogOpenedWithJmxShowsItsFiguresUntilItCloses() throws Exception {
        Path store = dir.resolve("store");
        ObjectName name = LogMXBean.nameOf(store.toAbsolutePath().normalize().toString());
        try (RocksEventLog log = RocksEventLog.open(
                store, RocksEventLogOptions.builder().batchSize(1000).jmx(true).build())) {
            for (int i = 1; i <= 2500; i++) {
                log.write(new PoTSBlockEvent(Operation.APPEND, i, new byte[16], i));
            }
            log.flush();
            Thread.sleep(150); // past the snapshot's age

            assertThat(server.isRegistered(name)).isTrue();
            assertThat(name.getDomain()).isEqualTo("io.rockwal");
            assertThat(server.getAttribute(name, "EntriesWritten")).isEqualTo(2500L);
            assertThat(server.getAttribute(name, "Flushes")).isEqualTo(3L);
            assertThat(server.getAttribute(name, "LastFlushedLsn")).isEqualTo(2500L);
            assertThat(server.getAttribute(name, "FirstRetainedLsn")).isEqualTo(1L);
            assertThat(server.getAttribute(name, "Health")).isEqualTo("OK");
            assertThat(server.getAttribute(name, "HealthReason")).isEqualTo("");
            assertThat((Long) server.getAttribute(name, "FsyncNanosP50")).isPositive();
            assertThat((Long) server.getAttribute(name, "MemtableBytes")).isPositive();
            assertThat(server.getAttribute(name, "Directory"))
                    .isEqualTo(store.toAbsolutePath().normalize().toString());
            assertThat(server.getMBeanInfo(name).getOperations())
                    .as("read-only: no operations")
                    .isEmpty();
            assertThat(server.getMBeanInfo(name).getAttributes())
                    .allSatisfy(a -> assertThat(a.isWritable()).isFalse());
        }
        assertThat(server.isRegistered(name)).as("unregistered by close").isFalse();
    }

    @SuppressWarnings("try") // the log is held open for the block: nothing registers while it is
    @Test
    void withoutTheOptionNothingIsRegistered() throws Exception {
        int before = server.queryNames(new ObjectName("io.rockwal:*"), null).size();
        try (RocksEventLog log = RocksEventLog.open(dir, 100)) {
            assertThat(server.queryNames(new ObjectName("io.rockwal:*"), null)).hasSize(before);
        }
    }
}
