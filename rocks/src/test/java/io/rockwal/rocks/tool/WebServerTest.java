package io.rockwal.rocks.tool;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.rockwal.core.Operation;
import io.rockwal.events.PoTSBlockEvent;
import io.rockwal.events.StandardEvents;
import io.rockwal.rocks.RocksEventLog;
import io.rockwal.rocks.RocksEventLogReader;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rockwal serve} over HTTP: every endpoint, bad input, escaping, the token and the live stream. */
class WebServerTest {

    private static final String TOKEN = "s3cret-token-of-20ch";
    private static final String MARKUP = "<script>alert(1)</script>";

    @TempDir
    Path dir;

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<AutoCloseable> open = new ArrayList<>();
    private URI base;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private void serve(String token) throws Exception {
        RocksEventLogReader reader = RocksEventLogReader.open(dir);
        open.add(reader);
        WebServer server = WebServer.start(
                new WebApi(reader, StandardEvents.catalog()),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                token);
        open.add(server);
        base = server.uri();
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonObject json(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    private void writeStore() {
        ToolFixtures.writeStore(dir, 2);
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            for (long number = 1; number <= 30; number++) {
                log.write(ToolFixtures.block(1000 + number));
            }
            log.write(new PoTSBlockEvent(
                    Operation.APPEND,
                    5000,
                    ("{\"note\":\"" + MARKUP + "\"}").getBytes(StandardCharsets.UTF_8),
                    1_700_000_000_003L));
            log.createCheckpoint();
        }
    }

    @Test
    void anEntryIsWhatGetPrintsAndItsNeighboursAreOneClickAway() throws Exception {
        writeStore();
        serve(null);
        for (long lsn : new long[] {1, 5, 8, 47}) {
            JsonObject served = json("/api/entries/" + lsn);
            CliRun get = CliRun.of("get", "--compact", "--dir", dir.toString(), Long.toString(lsn));
            assertThat(served).as("LSN %d", lsn).isEqualTo(ToolFixtures.parse(get.out()));
        }
        JsonObject raw = json("/api/entries/5?raw=true");
        assertThat(raw.get("payload").getAsString())
                .isEqualTo(ToolFixtures.parse(CliRun.of("get", "--raw", "--dir", dir.toString(), "5")
                                .out())
                        .get("payload")
                        .getAsString());
        JsonObject around = json("/api/entries/16/neighbours");
        assertThat(around.get("type").getAsString()).isEqualTo("wal:pots");
        assertThat(around.get("previous").getAsLong()).isEqualTo(15);
        assertThat(around.get("next").getAsLong()).isEqualTo(17);
        assertThat(around.get("previousOfType").getAsLong()).isEqualTo(8);
        assertThat(around.get("nextOfType").getAsLong()).isEqualTo(17);
        JsonObject first = json("/api/entries/1/neighbours");
        assertThat(first.get("previous").isJsonNull()).isTrue();
        assertThat(first.get("previousOfType").isJsonNull()).isTrue();
        assertThat(first.get("nextOfType").getAsLong())
                .as("the next header sync")
                .isEqualTo(9);
        JsonObject last = json("/api/entries/47/neighbours");
        assertThat(last.get("next").isJsonNull()).isTrue();
        assertThat(last.get("nextOfType").isJsonNull()).isTrue();
        assertThat(last.get("previousOfType").getAsLong()).isEqualTo(46);
        JsonObject block = json("/api/blocks/1007");
        assertThat(block.get("lsn").getAsLong()).isEqualTo(23);
        assertThat(block.getAsJsonObject("event").get("blockNumber").getAsString())
                .isEqualTo("1007");
    }

    @Test
    void pagesFollowTheirCursorToTheEndAndFilterByOperation() throws Exception {
        writeStore();
        serve(null);
        List<Long> pots = new ArrayList<>();
        String next = "1";
        int pages = 0;
        while (next != null) {
            JsonObject page = json("/api/entries?type=pots&limit=7&from=" + next);
            JsonArray entries = page.getAsJsonArray("entries");
            assertThat(entries.size()).isLessThanOrEqualTo(7);
            for (JsonElement entry : entries) {
                assertThat(entry.getAsJsonObject().get("type").getAsString()).isEqualTo("wal:pots");
                assertThat(entry.getAsJsonObject().has("event"))
                        .as("a page lists, it does not decode")
                        .isFalse();
                pots.add(entry.getAsJsonObject().get("lsn").getAsLong());
            }
            next = page.get("next").isJsonNull() ? null : page.get("next").getAsString();
            pages++;
        }
        List<Long> expected = new ArrayList<>(List.of(8L, 16L));
        for (long lsn = 17; lsn <= 47; lsn++) {
            expected.add(lsn);
        }
        assertThat(pots).isEqualTo(expected);
        assertThat(pages).isEqualTo(5);
        JsonObject all = json("/api/entries?limit=500");
        assertThat(all.getAsJsonArray("entries")).hasSize(47);
        assertThat(all.get("next").isJsonNull()).isTrue();
        JsonObject updates = json("/api/entries?op=UPDATE&limit=500");
        for (JsonElement entry : updates.getAsJsonArray("entries")) {
            assertThat(entry.getAsJsonObject().get("operation").getAsString()).isEqualTo("UPDATE");
        }
        assertThat(updates.getAsJsonArray("entries")).isNotEmpty().hasSizeLessThan(47);
    }

    @Test
    void theOverviewHasStatsATimelineAndACheckpoint() throws Exception {
        writeStore();
        serve(null);
        JsonObject stats = json("/api/stats");
        JsonObject printed = ToolFixtures.parse(
                CliRun.of("stats", "--json", "--dir", dir.toString()).out());
        // RocksDB's figures are those of each process's own instance (its block cache, for one)
        assertThat(stats.remove("rocksdb").getAsJsonObject().keySet())
                .isEqualTo(printed.remove("rocksdb").getAsJsonObject().keySet());
        assertThat(stats).isEqualTo(printed);
        JsonObject timeline = json("/api/timeline?buckets=10");
        JsonArray buckets = timeline.getAsJsonArray("buckets");
        assertThat(buckets).hasSize(10);
        long total = 0;
        long pots = 0;
        long expectedFrom = 1;
        for (JsonElement element : buckets) {
            JsonObject bucket = element.getAsJsonObject();
            assertThat(bucket.get("fromLsn").getAsLong()).isEqualTo(expectedFrom);
            expectedFrom = bucket.get("toLsn").getAsLong() + 1;
            for (Map.Entry<String, JsonElement> count :
                    bucket.getAsJsonObject("counts").entrySet()) {
                total += count.getValue().getAsLong();
                if (count.getKey().equals("wal:pots")) {
                    pots += count.getValue().getAsLong();
                }
            }
            assertThat(bucket.get("toMillis").getAsLong())
                    .isGreaterThanOrEqualTo(bucket.get("fromMillis").getAsLong());
        }
        assertThat(expectedFrom).isEqualTo(48);
        assertThat(total).isEqualTo(47);
        assertThat(pots).isEqualTo(33);
        for (String by : new String[] {"lsn", "time"}) {
            HttpResponse<String> svg = get("/chart/timeline.svg?by=" + by);
            assertThat(svg.statusCode()).isEqualTo(200);
            assertThat(svg.headers().firstValue("Content-Type")).hasValue("image/svg+xml; charset=utf-8");
            assertThat(svg.body())
                    .startsWith("<svg")
                    .endsWith("</svg>")
                    .contains("wal:pots")
                    .contains("<rect");
        }
        for (String page : new String[] {"/", "/browse", "/entry?lsn=3", "/live"}) {
            HttpResponse<String> html = get(page);
            assertThat(html.statusCode()).isEqualTo(200);
            assertThat(html.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(html.body())
                    .contains("<script src=\"/assets/app.js\" defer></script>")
                    .doesNotContain("<script>");
        }
        assertThat(get("/assets/app.js").body()).contains("textContent").doesNotContain("innerHTML");
        assertThat(get("/assets/style.css").statusCode()).isEqualTo(200);
    }

    @Test
    void badInputGets400WithAMessageAndAbsentThings404() throws Exception {
        writeStore();
        serve(null);
        Map<String, String> bad = Map.ofEntries(
                Map.entry("/api/entries/abc", "LSN must be a whole number, was \"abc\""),
                Map.entry("/api/entries/0", "LSN must be at least 1, was 0"),
                Map.entry("/api/entries/-4/neighbours", "LSN must be at least 1, was -4"),
                Map.entry("/api/entries/3?raw=maybe", "raw must be true or false"),
                Map.entry("/api/entries?type=Bad%20Type", "type \"Bad Type\" is not a valid type name"),
                Map.entry("/api/entries?from=x1", "from must be a whole number, was \"x1\""),
                Map.entry("/api/entries?limit=0", "limit must be 1 to 500, was 0"),
                Map.entry("/api/entries?limit=501", "limit must be 1 to 500, was 501"),
                Map.entry("/api/entries?op=EXPLODE", "operation \"EXPLODE\" is not one of"),
                Map.entry("/api/timeline?buckets=0", "buckets must be 1 to 400"),
                Map.entry("/chart/timeline.svg?by=colour", "by must be lsn or time"),
                Map.entry("/api/blocks/-1", "block number must be an unsigned 64-bit integer"),
                Map.entry("/api/live?from=zero", "from must be a whole number"));
        for (Map.Entry<String, String> request : bad.entrySet()) {
            HttpResponse<String> response = get(request.getKey());
            assertThat(response.statusCode()).as(request.getKey()).isEqualTo(400);
            assertThat(JsonParser.parseString(response.body())
                            .getAsJsonObject()
                            .get("error")
                            .getAsString())
                    .as(request.getKey())
                    .contains(request.getValue());
        }
        Map<String, String> absent = Map.of(
                "/api/entries/48", "LSN 48 is not in",
                "/api/entries/99/neighbours", "LSN 99 is not in",
                "/api/entries?type=node:absent", "type node:absent is not in",
                "/api/blocks/77", "no PoTS block 77",
                "/nothing/here", "no page or API at /nothing/here",
                "/api/entries/3/extra", "no page or API");
        for (Map.Entry<String, String> request : absent.entrySet()) {
            HttpResponse<String> response = get(request.getKey());
            assertThat(response.statusCode()).as(request.getKey()).isEqualTo(404);
            assertThat(response.body()).as(request.getKey()).contains(request.getValue());
        }
    }

    @Test
    void nothingWritesTheStoreAndEveryResponseForbidsScriptsFromElsewhere() throws Exception {
        writeStore();
        Map<String, byte[]> before = files();
        serve(null);
        for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH"}) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(base.resolve("/api/entries/3"))
                            .method(method, HttpRequest.BodyPublishers.ofString("{}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(method).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
        }
        for (String path :
                new String[] {"/", "/api/entries/3", "/api/stats", "/chart/timeline.svg", "/api/entries/0"}) {
            HttpResponse<String> response = get(path, "Origin", "http://evil.example");
            assertThat(response.headers().firstValue("Content-Security-Policy"))
                    .as(path)
                    .hasValue(WebServer.CONTENT_SECURITY_POLICY);
            assertThat(WebServer.CONTENT_SECURITY_POLICY)
                    .contains("script-src 'self'")
                    .doesNotContain("unsafe-inline");
            assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin"))
                    .as("no CORS")
                    .isEmpty();
        }
        // a string field holding markup comes back as JSON text, and never inside a page
        JsonObject xss = json("/api/entries/47");
        assertThat(xss.getAsJsonObject("event")
                        .getAsJsonObject("blockDataJson")
                        .get("note")
                        .getAsString())
                .isEqualTo(MARKUP);
        assertThat(get("/entry?lsn=47").body()).doesNotContain("alert(1)");
        closeAll();
        open.clear();
        Map<String, byte[]> after = files();
        assertThat(after).as("the store's files after serving").containsOnlyKeys(before.keySet());
        before.forEach((name, content) -> assertThat(after.get(name)).as(name).isEqualTo(content));
    }

    @Test
    void aTokenIsRequiredOnEveryRequestWhenGiven() throws Exception {
        writeStore();
        serve(TOKEN);
        assertThat(get("/api/stats").statusCode()).isEqualTo(401);
        assertThat(get("/").statusCode()).isEqualTo(401);
        assertThat(get("/api/stats", "Authorization", "Bearer wrong-token-of-20chars")
                        .statusCode())
                .isEqualTo(401);
        assertThat(get("/api/stats", "Authorization", "Bearer " + TOKEN).statusCode())
                .isEqualTo(200);
        HttpResponse<String> page = get("/?token=" + TOKEN);
        assertThat(page.statusCode()).isEqualTo(200);
        String cookie = page.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie)
                .startsWith("rockwal_token=" + TOKEN + ";")
                .contains("HttpOnly")
                .contains("SameSite=Strict");
        assertThat(get("/api/entries/3", "Cookie", "rockwal_token=" + TOKEN).statusCode())
                .isEqualTo(200);
        assertThat(get("/api/entries/3", "Cookie", "rockwal_token=nope").statusCode())
                .isEqualTo(401);
    }

    @Test
    void aHostHeaderNamingAnotherMachineIsRefusedOnLoopback() throws Exception {
        writeStore();
        serve(null);
        assertThat(rawStatus("evil.example")).isEqualTo(403);
        assertThat(rawStatus("127.0.0.1:" + base.getPort())).isEqualTo(200);
        assertThat(rawStatus("localhost:" + base.getPort())).isEqualTo(200);
        assertThat(WebServer.loopbackHost("[::1]:8080")).isTrue();
        assertThat(WebServer.loopbackHost("127.0.0.1.evil.example")).isFalse();
        assertThat(WebServer.loopbackHost(null)).isFalse();
    }

    private int rawStatus(String host) throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/stats HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new BufferedReader(
                            new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    @Test
    void theLiveStreamSendsEntriesAsTheWriterFlushesThem() throws Exception {
        ToolFixtures.writeStore(dir, 1);
        try (RocksEventLog log = RocksEventLog.open(dir, 0)) {
            serve(null);
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            HttpRequest request =
                    HttpRequest.newBuilder(base.resolve("/api/live?type=pots")).build();
            var unused = client.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                    .thenAccept(response -> {
                        assertThat(response.headers().firstValue("Content-Type"))
                                .hasValue("text/event-stream; charset=utf-8");
                        response.body().forEach(lines::add);
                    });
            assertThat(lines.poll(20, TimeUnit.SECONDS)).isEqualTo("event: start");
            assertThat(lines.poll(20, TimeUnit.SECONDS)).isEqualTo("data: {\"from\":9}");
            log.write(ToolFixtures.header(7));
            log.write(ToolFixtures.block(700));
            log.flush();
            List<String> event = new ArrayList<>();
            while (event.size() < 3) {
                String line = lines.poll(20, TimeUnit.SECONDS);
                assertThat(line).as("a line of the live stream within 20 s").isNotNull();
                if (!line.isEmpty()) {
                    event.add(line);
                }
            }
            assertThat(event.get(0)).isEqualTo("id: 10");
            assertThat(event.get(1)).isEqualTo("event: entry");
            JsonObject entry = JsonParser.parseString(event.get(2).substring("data: ".length()))
                    .getAsJsonObject();
            assertThat(entry.get("lsn").getAsLong()).isEqualTo(10);
            assertThat(entry.get("type").getAsString()).isEqualTo("wal:pots");
        }
    }

    @Test
    void theCommandRefusesAnOpenAddressWithoutAToken() {
        ToolFixtures.writeStore(dir, 1);
        CliRun open = CliRun.of("serve", "--dir", dir.toString(), "--bind", "0.0.0.0", "--port", "0");
        assertThat(open.status()).isEqualTo(RockwalCli.USAGE);
        assertThat(open.err()).contains("--bind 0.0.0.0 is not a loopback address: give --token");
        CliRun weak = CliRun.of("serve", "--dir", dir.toString(), "--token", "short", "--port", "0");
        assertThat(weak.status()).isEqualTo(RockwalCli.USAGE);
        assertThat(weak.err()).contains("--token must be at least 16");
        CliRun port = CliRun.of("serve", "--dir", dir.toString(), "--port", "70000");
        assertThat(port.status()).isEqualTo(RockwalCli.USAGE);
        assertThat(port.err()).contains("--port must be 0 to 65535, was 70000");
    }

    @Test
    void theCommandServesUntilStopped() throws Exception {
        ToolFixtures.writeStore(dir, 1);
        StopRequest stop = StopRequest.manual();
        java.util.concurrent.CompletableFuture<CliRun> run = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> CliRun.of(stop, "serve", "--dir", dir.toString(), "--port", "0"));
        Thread.sleep(1500);
        stop.request();
        CliRun done = run.get(30, TimeUnit.SECONDS);
        assertThat(done.status()).as(done.err()).isEqualTo(RockwalCli.OK);
        assertThat(done.out())
                .startsWith("rockwal serve: http://127.0.0.1:")
                .contains("read-only")
                .contains("Ctrl-C stops");
    }

    private Map<String, byte[]> files() throws Exception {
        Map<String, byte[]> files = new java.util.TreeMap<>();
        try (Stream<Path> paths = Files.list(dir)) {
            for (Path path : paths.toList()) {
                if (Files.isRegularFile(path) && !path.getFileName().toString().startsWith("LOG")) {
                    files.put(path.getFileName().toString(), Files.readAllBytes(path));
                }
            }
        }
        return files;
    }
}
