package io.rockwal.tests.tool;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockwal.rocks.RocksEventLog;
import io.rockwal.testkit.TestFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tool never writes to a store it reads: every read command, run as a process against a closed
 * store (which it opens read-only), leaves the directory's file list, sizes and modification times as
 * they were.
 */
class ReadOnlyToolIT {

    @TempDir
    Path dir;

    @Test
    void readCommandsLeaveAClosedStoreUntouched() throws Exception {
        ToolProcess.requireJar();
        Path store = dir.resolve("store");
        try (RocksEventLog log = RocksEventLog.open(store, 0)) {
            for (long lsn = 1; lsn <= 24; lsn++) {
                log.write(LiveWriter.event(lsn));
            }
            log.createCheckpoint();
        }
        List<String> before = TestFiles.fingerprint(store);
        String at = store.toString();
        assertThat(ToolProcess.run("get", "5", "--dir", at).status()).isZero();
        assertThat(ToolProcess.run("get", "5", "--raw", "--dir", at).status()).isZero();
        assertThat(ToolProcess.run("get", "99", "--dir", at).status()).isEqualTo(1);
        assertThat(ToolProcess.run("last", "--type", "pots", "--dir", at).status())
                .isZero();
        assertThat(ToolProcess.run("replay", "--dir", at).lsns()).hasSize(24);
        assertThat(ToolProcess.run("replay", "--type", "headersync", "--dir", at)
                        .lsns())
                .containsExactly(1L, 9L, 17L);
        ToolProcess stats = ToolProcess.run("stats", "--json", "--dir", at);
        assertThat(stats.json().get("mode").getAsString()).isEqualTo("read-only");
        assertThat(ToolProcess.run("stats", "--dir", at).status()).isZero();
        assertThat(ToolProcess.run("verify", "--dir", at).status()).isZero();
        Process tail = ToolProcess.start("tail", "--from", "1", "--interval", "20", "--dir", at);
        var tailOut = ToolProcess.drain(tail.getInputStream());
        var unused = ToolProcess.drain(tail.getErrorStream());
        Thread.sleep(2_500);
        tail.destroy();
        assertThat(tail.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(tail.exitValue()).as("exit status after SIGTERM").isEqualTo(143);
        assertThat(tailOut.get().lines().count()).isEqualTo(24);
        assertThat(TestFiles.fingerprint(store)).isEqualTo(before);
    }
}
