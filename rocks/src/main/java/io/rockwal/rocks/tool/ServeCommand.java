package io.rockwal.rocks.tool;

import io.rockwal.core.EventCatalog;
import io.rockwal.rocks.RocksEventLogReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code rockwal serve}: a read-only web page and JSON API over a store, until interrupted. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Serves a read-only web page for looking at the store, and the JSON API it uses, until " + "interrupted.",
            "",
            "Pages: / (types, checkpoints, RocksDB figures, a timeline of entries per type over LSN and "
                    + "over time), /browse (pages of entries by type, operation, LSN or block number), "
                    + "/entry?lsn=N (one entry decoded, its raw bytes, its neighbours), /live (entries as the "
                    + "writer flushes them). API: /api/stats, /api/timeline, /api/entries?type=&from=&op=&limit=, "
                    + "/api/entries/LSN (what get prints; ?raw=true for hex), /api/entries/LSN/neighbours, "
                    + "/api/blocks/N, /api/live (server-sent events), /chart/timeline.svg?by=lsn|time.",
            "",
            "Works on a store a node has open. Nothing it does writes to the store. Listens on 127.0.0.1 "
                    + "unless --bind names another address, which then needs --token (or ROCKWAL_TOKEN): "
                    + "every request must carry it. Ctrl-C (SIGINT) or SIGTERM stops it, with exit status 130 or 143 as "
                    + "for any program stopped so."
        })
final class ServeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private RockwalCli cli;

    @Mixin
    private StoreOptions store;

    @Mixin
    private CatalogOptions codecs;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "8080",
            description = "The TCP port; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    private int port;

    @Option(
            names = "--bind",
            paramLabel = "ADDRESS",
            defaultValue = "127.0.0.1",
            description = "The address to listen on. Default: ${DEFAULT-VALUE} (this machine only).")
    private String bind;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            defaultValue = "${env:ROCKWAL_TOKEN}",
            description = "A secret of at least 16 letters, digits, '-', '_', '.' or '~' that every request "
                    + "must carry (Authorization: Bearer TOKEN, or ?token=TOKEN once in the browser). Required "
                    + "with a --bind that is not a loopback address. Default: the environment variable "
                    + "ROCKWAL_TOKEN.")
    private String token;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), "--port must be 0 to 65535, was " + port);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new ParameterException(spec.commandLine(), "--bind: unknown address " + bind);
        }
        if (token != null && token.isEmpty()) {
            token = null;
        }
        if (token != null && !token.matches("[A-Za-z0-9._~-]{16,}")) {
            throw new ParameterException(
                    spec.commandLine(), "--token must be at least 16 letters, digits, '-', '_'," + " '.' or '~'");
        }
        if (!address.isLoopbackAddress() && token == null) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--bind " + bind + " is not a loopback address: "
                            + "give --token (or ROCKWAL_TOKEN) so that only those who know it can read the store");
        }
        EventCatalog catalog = codecs.catalog();
        PrintWriter out = spec.commandLine().getOut();
        StopRequest stop = cli.stop();
        stop.stopOnShutdown();
        try (RocksEventLogReader reader = store.openReader(Duration.ofMillis(250));
                WebServer server = start(new WebApi(reader, catalog), new InetSocketAddress(address, port))) {
            out.println("rockwal serve: " + server.uri() + " (" + reader.directory() + ", "
                    + ReadSession.modeName(reader) + (token == null ? "" : ", token required") + "); Ctrl-C stops");
            out.flush();
            while (!stop.isRequested()) {
                stop.await(500);
            }
            return RockwalCli.OK;
        } finally {
            out.flush();
        }
    }

    private WebServer start(WebApi api, InetSocketAddress address) {
        try {
            return WebServer.start(api, address, token);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
    }
}
