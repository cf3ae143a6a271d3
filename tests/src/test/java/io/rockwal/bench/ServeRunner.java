package io.rockwal.bench;

import io.rockwal.core.EventCatalog;
import io.rockwal.core.Operation;
import io.rockwal.core.WalType;
import io.rockwal.events.PoTSBlockEvent;
import io.rockwal.events.StandardEvents;
import io.rockwal.rocks.RocksEventLog;
import io.rockwal.rocks.RocksEventLogOptions;
import io.rockwal.testkit.TestFiles;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code rockwal serve} under load: the built tool serves a store of sync phases (six types of
 * 256-byte payloads, then PoTS blocks whose JSON the entry page decodes); this JVM times what the
 * overview page loads, on a small store and on the full one, then counts requests per second for
 * single entries and for pages from 4 client threads. Run with {@code --suite serve}; {@code --events}
 * and {@code --seconds} apply.
 */
final class ServeRunner {

    private static final Path JAR =
            Path.of("..", "rocks", "target", "rockwal.jar").toAbsolutePath().normalize();
    private static final String[] OVERVIEW = {
        "/",
        "/assets/app.js",
        "/assets/style.css",
        "/api/stats",
        "/chart/timeline.svg?by=lsn",
        "/chart/timeline.svg?by=time"
    };
    private static final int CLIENTS = 4;

    private final Path dir;
    private final long events;
    private final long seconds;
    private final HttpClient client = HttpClient.newHttpClient();

    ServeRunner(Path dir, long events, long seconds) {
        this.dir = dir;
        this.events = events;
        this.seconds = seconds;
    }

    void run() throws Exception {
        System.out.println(Environment.describe(dir));
        System.out.printf(
                Locale.ROOT,
                "rockwal serve: the tool's jar serving a store; %d client threads, %d s per " + "rate%n%n",
                CLIENTS,
                seconds);
        for (long size : new long[] {10_000, events}) {
            Path store = dir.resolve("serve-" + size);
            TestFiles.deleteRecursively(store);
            write(store, size);
            Process server = new ProcessBuilder(
                            "java",
                            "-Xmx512m",
                            "-jar",
                            JAR.toString(),
                            "serve",
                            "--dir",
                            store.toString(),
                            "--port",
                            "0")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            try {
                String line = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
                URI base = URI.create(
                        line.substring("rockwal serve: ".length(), line.indexOf(' ', "rockwal serve: ".length())));
                measure(base, size);
            } finally {
                server.destroy();
                server.waitFor();
            }
        }
    }

    private void measure(URI base, long size) throws Exception {
        double[] overview = new double[7];
        for (int i = 0; i < overview.length; i++) {
            long start = System.nanoTime();
            for (String path : OVERVIEW) {
                get(base, path);
            }
            overview[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(overview);
        System.out.printf(
                Locale.ROOT,
                "%,d entries: overview (page, script, style, stats, both charts of 60 buckets) "
                        + "p50 %.1f ms, slowest of 7 %.1f ms%n",
                size,
                overview[3],
                overview[6]);
        rate(base, "GET /api/entries/{random LSN}", random -> "/api/entries/" + random.nextLong(1, size + 1));
        rate(
                base,
                "GET /api/entries?from={random}&limit=50",
                random -> "/api/entries?limit=50&from=" + random.nextLong(1, size + 1));
        System.out.println();
    }

    private interface PathChooser {
        String next(SplittableRandom random);
    }

    private void rate(URI base, String label, PathChooser paths) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Future<long[]>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            SplittableRandom random = new SplittableRandom(c);
            clients.add(pool.submit(() -> {
                List<Long> latencies = new ArrayList<>();
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    get(base, paths.next(random));
                    latencies.add(System.nanoTime() - start);
                }
                return latencies.stream().mapToLong(Long::longValue).toArray();
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<long[]> future : clients) {
            for (long latency : future.get()) {
                all.add(latency);
            }
        }
        pool.shutdown();
        long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(
                Locale.ROOT,
                "  %-40s %,8.0f requests/s, p50 %.2f ms, p99 %.2f ms%n",
                label,
                sorted.length / (double) seconds,
                sorted[sorted.length / 2] / 1e6,
                sorted[(int) (sorted.length * 0.99)] / 1e6);
    }

    private void get(URI base, String path) throws Exception {
        HttpResponse<byte[]> response = client.send(
                HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + ": HTTP " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
    }

    /** Sync phases: each of the six other types in turn over 6/7 of the store, then PoTS blocks. */
    private static void write(Path store, long size) {
        EventCatalog.Builder catalog = EventCatalog.builder();
        BlobEvent.catalog().codecs().stream()
                .filter(codec -> !codec.type().equals(WalType.POTS))
                .forEach(catalog::add);
        StandardEvents.catalog().codecs().stream()
                .filter(codec -> codec.eventClass() == PoTSBlockEvent.class)
                .forEach(catalog::add);
        List<WalType> types = WalType.standardTypes();
        SplittableRandom random = new SplittableRandom(1);
        try (RocksEventLog log = RocksEventLog.open(
                store,
                RocksEventLogOptions.builder()
                        .catalog(catalog.build())
                        .syncOnFlush(false)
                        .build())) {
            long phase = size / types.size();
            long block = 0;
            for (long lsn = 1; lsn <= size; lsn++) {
                WalType type = types.get((int) Math.min(types.size() - 1, (lsn - 1) / Math.max(1, phase)));
                if (type.equals(WalType.POTS)) {
                    block++;
                    log.write(new PoTSBlockEvent(
                            Operation.APPEND,
                            block,
                            ("{\"block_number\":" + block + ",\"hash\":\"" + Long.toHexString(random.nextLong())
                                            + "\"}")
                                    .getBytes(StandardCharsets.UTF_8),
                            lsn));
                } else {
                    byte[] payload = new byte[256];
                    for (int i = 0; i < payload.length; i++) {
                        payload[i] = (byte) random.nextInt(256);
                    }
                    log.write(new BlobEvent(type, payload));
                }
            }
        }
    }
}
