package io.rockwal.tests.tool;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command of the built tool, run as a process against a store that another JVM ({@link LiveWriter})
 * holds open and goes on writing: JSON fields and exit statuses, and that what the writer flushes after
 * the tool started is visible to {@code get} and {@code tail}, also when the writer's memtables were
 * flushed right after (rocksdb issue 15051: a secondary instance can keep serving older metadata then).
 */
class LiveStoreToolIT {

    private static final long TIMEOUT_SECONDS = 30;

    @TempDir
    static Path dir;

    private static Process writer;
    private static PrintWriter commands;
    private static final BlockingQueue<String> acknowledgements = new LinkedBlockingQueue<>();
    private static long lastFlushed;

    @BeforeAll
    static void startTheWriter() throws Exception {
        ToolProcess.requireJar();
        writer = new ProcessBuilder(
                        ToolProcess.JAVA,
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        LiveWriter.class.getName(),
                        store().toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        commands = new PrintWriter(writer.getOutputStream(), true, StandardCharsets.UTF_8);
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader lines = new BufferedReader(
                            new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = lines.readLine()) != null) {
                            acknowledgements.add(line);
                        }
                    } catch (IOException e) {
                        // the writer was killed
                    }
                },
                "live-writer-output");
        reader.setDaemon(true);
        reader.start();
        lastFlushed = flushed(awaitAcknowledgement());
        assertThat(lastFlushed).isEqualTo(8);
    }

    @AfterAll
    static void stopTheWriter() throws Exception {
        if (writer != null) {
            writer.destroy();
            writer.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    private static Path store() {
        return dir.resolve("store");
    }

    private static String awaitAcknowledgement() throws InterruptedException {
        String line = acknowledgements.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(line).as("the writer answered").isNotNull();
        return line;
    }

    private static long flushed(String acknowledgement) {
        assertThat(acknowledgement).startsWith("FLUSHED ");
        return Long.parseLong(acknowledgement.substring("FLUSHED ".length()));
    }

    /** Sends a command to the writer and returns the LSN it acknowledges as flushed. */
    private static synchronized long tellTheWriter(String command) throws InterruptedException {
        commands.println(command);
        lastFlushed = flushed(awaitAcknowledgement());
        return lastFlushed;
    }

    private static ToolProcess rockwal(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--dir");
        all.add(store().toString());
        return ToolProcess.run(all.toArray(String[]::new));
    }

    @Test
    void getPrintsTheEntryAsJson() throws Exception {
        ToolProcess get = rockwal("get", "3", "--compact");
        assertThat(get.status()).isZero();
        assertThat(get.err()).isEmpty();
        assertThat(get.out().lines()).hasSize(1);
        JsonObject entry = get.json();
        assertThat(entry.get("lsn").getAsLong()).isEqualTo(3);
        assertThat(entry.get("type").getAsString()).isEqualTo("wal:priorsync");
        assertThat(entry.get("operation").getAsString()).isEqualTo("REQUEST");
        assertThat(entry.getAsJsonObject("timestamp").get("iso").getAsString()).endsWith("Z");
        assertThat(entry.getAsJsonObject("timestamp").get("epochMillis").getAsLong())
                .isPositive();
        assertThat(entry.get("codec").getAsInt()).isEqualTo(3);
        assertThat(entry.get("eventClass").getAsString()).isEqualTo("PriorSyncEvent");
        JsonObject prior = entry.getAsJsonObject("event").getAsJsonObject("priorsync");
        assertThat(prior.get("blocknumber").getAsString()).isEqualTo("3");
        assertThat(prior.get("blockhash").getAsString()).isEqualTo("000300ee");
    }

    @Test
    void getSeesWhatTheWriterFlushedAfterTheToolLookedEvenRightAfterAMemtableFlush() throws Exception {
        long next;
        synchronized (LiveStoreToolIT.class) {
            next = lastFlushed + 1;
            assertThat(rockwal("get", Long.toString(next)).status())
                    .as("LSN %d before it is written", next)
                    .isEqualTo(1);
            assertThat(tellTheWriter("write-restart 1")).isEqualTo(next);
            ToolProcess get = rockwal("get", Long.toString(next), "--compact");
            assertThat(get.status())
                    .as("LSN %d after the writer flushed it: %s", next, get.err())
                    .isZero();
            assertThat(get.json().get("lsn").getAsLong()).isEqualTo(next);
            assertThat(tellTheWriter("write 1")).isEqualTo(next + 1);
            assertThat(rockwal("get", Long.toString(next + 1)).status()).isZero();
        }
    }

    @Test
    void tailPrintsEntriesAsTheWriterFlushesThemAndEndsCleanlyOnSigterm() throws Exception {
        Process tail = ToolProcess.start("tail", "--from", "1", "--interval", "50", "--dir", store().toString());
        BlockingQueue<Long> printed = new LinkedBlockingQueue<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader lines =
                            new BufferedReader(new InputStreamReader(tail.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = lines.readLine()) != null) {
                            printed.add(JsonParser.parseString(line)
                                    .getAsJsonObject()
                                    .get("lsn")
                                    .getAsLong());
                        }
                    } catch (IOException e) {
                        // the tail ended
                    }
                },
                "tail-output");
        reader.start();
        var err = ToolProcess.drain(tail.getErrorStream());
        List<Long> seen = new ArrayList<>();
        synchronized (LiveStoreToolIT.class) {
            awaitThrough(printed, seen, lastFlushed);
            long afterWrite = tellTheWriter("write 3");
            awaitThrough(printed, seen, afterWrite);
            long afterRestart = tellTheWriter("write-restart 2");
            awaitThrough(printed, seen, afterRestart);
        }
        for (int i = 0; i < seen.size(); i++) {
            assertThat(seen.get(i)).isEqualTo(i + 1L);
        }
        tail.destroy();
        assertThat(tail.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(tail.exitValue()).as("exit status after SIGTERM").isEqualTo(143);
        assertThat(err.get()).doesNotContain("Exception");
    }

    private static void awaitThrough(BlockingQueue<Long> printed, List<Long> seen, long lsn)
            throws InterruptedException {
        while (seen.isEmpty() || seen.get(seen.size() - 1) < lsn) {
            Long next = printed.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(next)
                    .as("tail printed LSN %d within %d s (it printed %s)", lsn, TIMEOUT_SECONDS, seen)
                    .isNotNull();
            seen.add(next);
        }
    }

    @Test
    void replayPrintsEveryEntryInOrderAndFiltersByType() throws Exception {
        long through = lastFlushed;
        ToolProcess all = rockwal("replay");
        assertThat(all.status()).isZero();
        List<Long> lsns = all.lsns();
        assertThat(lsns.size()).isGreaterThanOrEqualTo((int) through);
        for (int i = 0; i < lsns.size(); i++) {
            assertThat(lsns.get(i)).isEqualTo(i + 1L);
        }
        ToolProcess pots = rockwal("replay", "--type", "pots", "--limit", "1");
        assertThat(pots.status()).isZero();
        JsonObject block = pots.jsonLines().get(0);
        assertThat(block.get("lsn").getAsLong()).isEqualTo(8);
        assertThat(block.getAsJsonObject("event").get("blockNumber").getAsString())
                .isEqualTo("8");
        assertThat(block.getAsJsonObject("event")
                        .getAsJsonObject("blockDataJson")
                        .get("block_number")
                        .getAsLong())
                .isEqualTo(8);
    }

    @Test
    void lastPrintsTheNewestEntryOfAType() throws Exception {
        ToolProcess last = rockwal("last", "--type", "wal:reconciliation", "--compact");
        assertThat(last.status()).isZero();
        long lsn = last.json().get("lsn").getAsLong();
        assertThat((lsn - 1) % 8).as("a reconciliation entry").isIn(5L, 6L);
        assertThat(lsn).isGreaterThan(lastFlushed - 8);
        assertThat(rockwal("last", "--type", "peer:score").status()).isEqualTo(1);
    }

    @Test
    void statsReportTheLiveStoreAsASecondaryReader() throws Exception {
        long through = lastFlushed;
        ToolProcess stats = rockwal("stats", "--json");
        assertThat(stats.status()).isZero();
        JsonObject json = stats.json();
        assertThat(json.get("mode").getAsString()).isEqualTo("secondary");
        assertThat(json.get("firstRetainedLsn").getAsLong()).isEqualTo(1);
        long flushed = json.get("lastFlushedLsn").getAsLong();
        assertThat(flushed).isGreaterThanOrEqualTo(through);
        long entries = 0;
        for (JsonElement type : json.getAsJsonArray("types")) {
            entries += type.getAsJsonObject().get("entries").getAsLong();
        }
        assertThat(entries).isEqualTo(flushed);
        assertThat(json.getAsJsonObject("disk").get("bytes").getAsLong()).isPositive();
        ToolProcess table = rockwal("stats");
        assertThat(table.status()).isZero();
        assertThat(table.out()).contains("secondary (a writer holds the store)", "wal:headersync", "total");
    }

    @Test
    void verifyFindsTheLiveStoreClean() throws Exception {
        ToolProcess verify = rockwal("verify");
        assertThat(verify.status()).as(verify.out()).isZero();
        assertThat(verify.out()).startsWith("clean: no problem");
    }

    @Test
    void exitStatusesOfTheLiveStore() throws Exception {
        assertThat(rockwal("get", "0").status()).isEqualTo(2);
        assertThat(rockwal("get", "999999999").status()).isEqualTo(1);
        assertThat(rockwal("replay", "--type", "no such").status()).isEqualTo(2);
        ToolProcess demo = rockwal("demo");
        assertThat(demo.status()).as("demo refuses a store a writer holds").isEqualTo(3);
        assertThat(demo.err().lines()).hasSize(1);
        ToolProcess missing =
                ToolProcess.run("get", "1", "--dir", dir.resolve("missing").toString());
        assertThat(missing.status()).isEqualTo(3);
        assertThat(missing.err().lines()).hasSize(1);
    }
}
