package io.rockwal.rocks.tool;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.rockwal.core.EntryHandler;
import io.rockwal.core.EventLogException;
import io.rockwal.core.Subscription;
import io.rockwal.core.WalType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP side of {@code rockwal serve}: the pages, their script and style from the jar, the JSON
 * API ({@link WebApi}), the timeline chart ({@link Timeline}) and the live stream (server-sent events
 * from a subscription), on the JDK's own HTTP server.
 *
 * <p>Read-only by construction: it holds only a {@link io.rockwal.rocks.RocksEventLogReader}, and
 * answers GET and HEAD alone (405 otherwise). Every response forbids framing, sniffing, caching and
 * inline scripts (Content-Security-Policy); none allows another origin (no CORS header). Bound to a
 * loopback address it accepts only loopback host names in the Host header (a page elsewhere cannot
 * reach it through DNS rebinding); with a token, every request must carry it: an
 * {@code Authorization: Bearer} header, the {@code rockwal_token} cookie, or a {@code token} query
 * parameter, which also sets the cookie for the pages' own requests.
 */
final class WebServer implements AutoCloseable {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    /** Live streams served at once; more get 503, so pages and the API always have threads. */
    static final int MAX_LIVE_STREAMS = 8;

    private static final int THREADS = MAX_LIVE_STREAMS + 8;
    private static final long CATCH_UP_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long KEEPALIVE_MILLIS = 15_000;
    private static final String COOKIE = "rockwal_token";
    private static final Map<String, String> PAGES =
            Map.of("/", "overview.html", "/entry", "entry.html", "/browse", "browse.html", "/live", "live.html");
    private static final Map<String, String> ASSETS =
            Map.of("/assets/app.js", "text/javascript; charset=utf-8", "/assets/style.css", "text/css; charset=utf-8");

    private static final Map<String, byte[]> RESOURCES = new ConcurrentHashMap<>();

    private final HttpServer server;
    private final ExecutorService executor;
    private final WebApi api;
    private final byte[] token;
    private final boolean loopback;
    private final Semaphore liveStreams = new Semaphore(MAX_LIVE_STREAMS);
    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
    private final Object catchUpLock = new Object();
    private long lastCatchUpNanos;
    private volatile boolean closing;

    private WebServer(HttpServer server, ExecutorService executor, WebApi api, String token, boolean loopback) {
        this.server = server;
        this.executor = executor;
        this.api = api;
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.loopback = loopback;
    }

    /**
     * Starts serving {@code api}'s reader on {@code address} (port 0: any free one).
     *
     * @param token what every request must carry, or null for none (loopback only: the caller checks)
     * @throws IOException if the address cannot be bound
     */
    static WebServer start(WebApi api, InetSocketAddress address, String token) throws IOException {
        // without TCP_NODELAY a response written as headers then body waits out the client's delayed
        // ACK: about 40 ms a request (read once, when the JDK's server first starts)
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        HttpServer server = HttpServer.create(address, 64);
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, task -> {
            Thread thread = new Thread(task, "rockwal-serve-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        WebServer web =
                new WebServer(server, executor, api, token, address.getAddress().isLoopbackAddress());
        server.setExecutor(executor);
        server.createContext("/", web::handle);
        server.start();
        return web;
    }

    /** Where it listens, for example {@code http://127.0.0.1:8080/}. */
    URI uri() {
        InetSocketAddress bound = server.getAddress();
        String host = bound.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.getPort() + "/");
    }

    /** Ends the live streams and stops serving; the reader stays the caller's. */
    @Override
    public void close() {
        closing = true;
        subscriptions.forEach(Subscription::close);
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) {
        try {
            respond(exchange);
        } finally {
            exchange.close();
        }
    }

    private void respond(HttpExchange exchange) {
        try {
            Headers headers = exchange.getResponseHeaders();
            headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("X-Frame-Options", "DENY");
            headers.set("Referrer-Policy", "no-referrer");
            headers.set("Cache-Control", "no-store");
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                headers.set("Allow", "GET, HEAD");
                error(exchange, 405, "rockwal serve is read-only: " + WebApi.printable(method) + " is not allowed");
                return;
            }
            if (loopback && !loopbackHost(exchange.getRequestHeaders().getFirst("Host"))) {
                error(exchange, 403, "Host header must name this loopback address");
                return;
            }
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            if (token != null && !authorized(exchange, query)) {
                error(
                        exchange,
                        401,
                        "a token is required: send Authorization: Bearer TOKEN, or open the page once "
                                + "with ?token=TOKEN");
                return;
            }
            route(exchange, exchange.getRequestURI().getRawPath(), query);
        } catch (WebApi.BadRequest e) {
            error(exchange, 400, e.getMessage());
        } catch (WebApi.NotFound e) {
            error(exchange, 404, e.getMessage());
        } catch (EventLogException e) {
            error(exchange, 500, e.getMessage());
        } catch (IOException e) {
            // the client went away
        } catch (RuntimeException e) {
            error(exchange, 500, "internal error: " + e);
        }
    }

    private void route(HttpExchange exchange, String path, Map<String, String> query) throws IOException {
        String page = PAGES.get(path);
        if (page != null) {
            if (token != null && query.containsKey("token") && matches(query.get("token"))) {
                exchange.getResponseHeaders()
                        .add("Set-Cookie", COOKIE + "=" + query.get("token") + "; Path=/; HttpOnly; SameSite=Strict");
            }
            send(exchange, 200, "text/html; charset=utf-8", resource(page));
            return;
        }
        String asset = ASSETS.get(path);
        if (asset != null) {
            send(exchange, 200, asset, resource(path.substring("/assets/".length())));
            return;
        }
        if (path.equals("/api/live")) {
            live(exchange, query);
            return;
        }
        catchUp();
        if (path.equals("/api/stats")) {
            json(exchange, api.stats());
        } else if (path.equals("/api/timeline")) {
            json(
                    exchange,
                    Timeline.of(api.reader(), buckets(query.get("buckets"))).toJson());
        } else if (path.equals("/chart/timeline.svg")) {
            String by = query.getOrDefault("by", "lsn");
            if (!by.equals("lsn") && !by.equals("time")) {
                throw new WebApi.BadRequest("by must be lsn or time, was \"" + WebApi.printable(by) + "\"");
            }
            String svg =
                    Timeline.of(api.reader(), buckets(query.get("buckets"))).svg(by.equals("time"));
            send(exchange, 200, "image/svg+xml; charset=utf-8", svg.getBytes(StandardCharsets.UTF_8));
        } else if (path.equals("/api/entries")) {
            json(exchange, api.page(query.get("type"), query.get("from"), query.get("op"), query.get("limit")));
        } else if (path.startsWith("/api/entries/") && path.endsWith("/neighbours")) {
            json(exchange, api.neighbours(segment(path, "/api/entries/", "/neighbours")));
        } else if (path.startsWith("/api/entries/")) {
            json(exchange, api.entry(segment(path, "/api/entries/", ""), flag(query, "raw")));
        } else if (path.startsWith("/api/blocks/")) {
            json(exchange, api.block(segment(path, "/api/blocks/", "")));
        } else {
            throw new WebApi.NotFound("no page or API at " + WebApi.printable(path));
        }
    }

    /**
     * {@code /api/live?from=LSN&type=T}: every entry from {@code from} (default: the next one flushed)
     * as a server-sent event {@code entry} whose data is the entry's summary, as the writer flushes them.
     */
    private void live(HttpExchange exchange, Map<String, String> query) throws IOException {
        long from = api.liveStart(query.get("from"));
        String typeName = query.get("type");
        WalType type = typeName == null || typeName.isEmpty() ? null : api.type(typeName);
        if (!liveStreams.tryAcquire()) {
            error(exchange, 503, "already " + MAX_LIVE_STREAMS + " live streams; close one");
            return;
        }
        try {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            write(body, "event: start\ndata: {\"from\":" + from + "}\n\n");
            EntryHandler send = entry -> write(
                    body,
                    "id: " + entry.lsn() + "\nevent: entry\ndata: " + JsonText.compact(WebApi.summary(entry)) + "\n\n");
            try (Subscription subscription = type == null
                    ? api.reader().subscribe(from, send)
                    : api.reader().subscribe(type, from, send)) {
                subscriptions.add(subscription);
                try {
                    while (!closing) {
                        try {
                            subscription.terminated().get(KEEPALIVE_MILLIS, TimeUnit.MILLISECONDS);
                            break;
                        } catch (TimeoutException e) {
                            write(body, ": keepalive\n\n");
                        } catch (java.util.concurrent.ExecutionException e) {
                            String reason = e.getCause() == null
                                    ? e.toString()
                                    : e.getCause().getMessage();
                            JsonObject end = new JsonObject();
                            end.addProperty("error", EntryOutput.oneLine(reason));
                            write(body, "event: end\ndata: " + JsonText.compact(end) + "\n\n");
                            break;
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    subscriptions.remove(subscription);
                }
            }
        } finally {
            liveStreams.release();
        }
    }

    private static void write(OutputStream body, String text) throws IOException {
        synchronized (body) {
            body.write(text.getBytes(StandardCharsets.UTF_8));
            body.flush();
        }
    }

    /** Catches the reader up with a running writer, at most every 200 ms whatever the request rate. */
    private void catchUp() {
        synchronized (catchUpLock) {
            long now = System.nanoTime();
            if (now - lastCatchUpNanos >= CATCH_UP_EVERY_NANOS) {
                api.reader().catchUp();
                lastCatchUpNanos = System.nanoTime();
            }
        }
    }

    private static int buckets(String text) {
        if (text == null || text.isEmpty()) {
            return Timeline.DEFAULT_BUCKETS;
        }
        try {
            int buckets = Integer.parseInt(text);
            if (buckets >= 1 && buckets <= Timeline.MAX_BUCKETS) {
                return buckets;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new WebApi.BadRequest(
                "buckets must be 1 to " + Timeline.MAX_BUCKETS + ", was \"" + WebApi.printable(text) + "\"");
    }

    private static boolean flag(Map<String, String> query, String name) {
        String value = query.get(name);
        if (value == null || value.equals("false") || value.equals("0")) {
            return false;
        }
        if (value.isEmpty() || value.equals("true") || value.equals("1")) {
            return true;
        }
        throw new WebApi.BadRequest(name + " must be true or false, was \"" + WebApi.printable(value) + "\"");
    }

    private static String segment(String path, String prefix, String suffix) {
        String segment = path.substring(prefix.length(), path.length() - suffix.length());
        if (segment.isEmpty() || segment.contains("/")) {
            throw new WebApi.NotFound("no page or API at " + WebApi.printable(path));
        }
        return URLDecoder.decode(segment, StandardCharsets.UTF_8);
    }

    private boolean authorized(HttpExchange exchange, Map<String, String> query) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header != null && header.startsWith("Bearer ") && matches(header.substring("Bearer ".length()))) {
            return true;
        }
        String cookies = exchange.getRequestHeaders().getFirst("Cookie");
        if (cookies != null) {
            for (String cookie : cookies.split(";", -1)) {
                String trimmed = cookie.trim();
                if (trimmed.startsWith(COOKIE + "=") && matches(trimmed.substring(COOKIE.length() + 1))) {
                    return true;
                }
            }
        }
        return query.containsKey("token") && matches(query.get("token"));
    }

    private boolean matches(String candidate) {
        return MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether a Host header names a loopback address or localhost (with any port). */
    static boolean loopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            int end = name.indexOf(']');
            name = end < 0 ? name : name.substring(1, end);
        } else if (name.indexOf(':') >= 0) {
            name = name.substring(0, name.indexOf(':'));
        }
        if (name.equals("localhost")) {
            return true;
        }
        if (!name.matches("[0-9.]+|[0-9a-f:]+")) {
            return false; // a name would need a DNS lookup, which is what a rebinding attack controls
        }
        try {
            return InetAddress.getByName(name).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }

    static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            query.putIfAbsent(name, value);
        }
        return query;
    }

    private static void json(HttpExchange exchange, JsonElement value) throws IOException {
        send(
                exchange,
                200,
                "application/json; charset=utf-8",
                JsonText.compact(value).getBytes(StandardCharsets.UTF_8));
    }

    private static void error(HttpExchange exchange, int status, String message) {
        JsonObject json = new JsonObject();
        json.addProperty("status", status);
        json.addProperty("error", message);
        try {
            send(
                    exchange,
                    status,
                    "application/json; charset=utf-8",
                    JsonText.compact(json).getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            // the client went away, or the headers were already sent (a live stream)
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** A page, script or style from the jar, read once. */
    private static byte[] resource(String name) {
        return RESOURCES.computeIfAbsent(name, WebServer::readResource);
    }

    private static byte[] readResource(String name) {
        try (InputStream in = WebServer.class.getResourceAsStream("web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("resource web/" + name + " missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read resource web/" + name + " from the jar", e);
        }
    }
}
