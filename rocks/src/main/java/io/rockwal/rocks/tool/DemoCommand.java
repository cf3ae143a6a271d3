package io.rockwal.rocks.tool;

import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import io.rockwal.events.EventFactory;
import io.rockwal.events.HeaderSyncEvent;
import io.rockwal.events.PoTSBlockEvent;
import io.rockwal.rocks.RocksEventLog;
import io.rockwal.rocks.RocksEventLogOptions;
import io.rockwal.rocks.RocksEventLogReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code rockwal demo}: writes a realistic sync session into a store, so that a new user can try every
 * other command at once. The only command that writes; it opens the store with {@link RocksEventLog}.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Writes a realistic sync session into a store, to try the other commands on.",
            "",
            "A prior sync, pages of block headers, a merkle snapshot, pages of block data with "
                    + "transactions, pages of accounts, a reconciliation batch of 1,000 accounts and single "
                    + "reconciliations, PoTS blocks (the JSON text of a block), and a checkpoint after each "
                    + "phase. Creates the store, or appends to an existing rockwal store and continues its "
                    + "chain; refuses a non-empty directory that is not one. The only command that writes. "
                    + "Prints what it wrote and commands to try."
        })
final class DemoCommand implements Callable<Integer> {

    /** Where a first session starts: a chain some months old. */
    static final long FIRST_BLOCK = 4_200_000;

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            defaultValue = "${env:ROCKWAL_DIR:-rockwal-demo}",
            description = "The store directory. Default: ROCKWAL_DIR, else ./rockwal-demo.")
    private Path dir;

    @Option(
            names = "--events",
            paramLabel = "N",
            defaultValue = "120",
            description = "About how many entries to write, at least " + DemoSession.MIN_EVENTS
                    + ". Default: ${DEFAULT-VALUE}.")
    private int events;

    @SuppressWarnings("UnusedVariable") // read from the parse result, where errors are reported (RockwalCli)
    @Option(
            names = {"-v", "--verbose"},
            description = "Show stack traces of errors.")
    private boolean verbose;

    @Override
    public Integer call() {
        if (events < DemoSession.MIN_EVENTS) {
            throw new ParameterException(
                    spec.commandLine(), "--events must be at least " + DemoSession.MIN_EVENTS + ", was " + events);
        }
        Path store = dir.toAbsolutePath().normalize();
        boolean existing = holdsStore(store);
        long firstBlock = existing ? nextBlock(store) : FIRST_BLOCK;
        long started = System.nanoTime();
        DemoSession.Written written;
        try (RocksEventLog log = RocksEventLog.open(
                store, RocksEventLogOptions.builder().batchSize(64).build())) {
            written = new DemoSession(log, firstBlock, System.currentTimeMillis()).write(events);
        }
        printSummary(spec.commandLine().getOut(), store, existing, written, (System.nanoTime() - started) / 1e9);
        return RockwalCli.OK;
    }

    /**
     * Whether {@code store} holds a rockwal store to append to; false when it is missing or empty.
     *
     * @throws ParameterException if it is a file, or a non-empty directory without a rockwal store
     */
    private boolean holdsStore(Path store) {
        if (!Files.exists(store)) {
            return false;
        }
        if (!Files.isDirectory(store)) {
            throw new ParameterException(spec.commandLine(), store + " is a file, not a directory");
        }
        try (Stream<Path> files = Files.list(store)) {
            if (files.findAny().isEmpty()) {
                return false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + store, e);
        }
        if (!RocksEventLogReader.isStore(store)) {
            throw new ParameterException(
                    spec.commandLine(),
                    store + " is not empty and holds no rockwal store;"
                            + " give an empty or new directory, or an existing store to append to");
        }
        return true;
    }

    /** The block after the last one an earlier session wrote (PoTS blocks come after the synced headers). */
    private static long nextBlock(Path store) {
        try (RocksEventLogReader reader = RocksEventLogReader.open(store)) {
            reader.catchUp();
            long last = FIRST_BLOCK - 1;
            Optional<WalEntry> block = reader.last(WalType.POTS);
            if (block.isPresent() && EventFactory.decode(block.get()) instanceof PoTSBlockEvent pots) {
                last = Math.max(last, pots.blockNumber());
            }
            Optional<WalEntry> headers = reader.last(WalType.HEADER_SYNC);
            if (headers.isPresent() && EventFactory.decode(headers.get()) instanceof HeaderSyncEvent page) {
                for (var header : page.response().getHeaderList()) {
                    last = Math.max(last, header.getBlockNumber());
                }
            }
            return last + 1;
        }
    }

    private static void printSummary(
            PrintWriter out, Path store, boolean existing, DemoSession.Written written, double seconds) {
        out.printf(
                Locale.ROOT,
                "rockwal demo: wrote %d entries to %s (%s): LSNs %d..%d, blocks %d..%d, in %.1f s%n",
                written.lastLsn() - written.firstLsn() + 1,
                store,
                existing ? "appended to the store" : "a new store",
                written.firstLsn(),
                written.lastLsn(),
                written.firstBlock(),
                written.lastBlock(),
                seconds);
        for (Map.Entry<String, Long> type : written.entriesByType().entrySet()) {
            out.printf(Locale.ROOT, "  %-20s %5d%n", type.getKey(), type.getValue());
        }
        out.println("  checkpoints at LSN "
                + String.join(
                        ", ",
                        written.checkpoints().stream().map(String::valueOf).toList()));
        out.println();
        long someLsn = written.firstLsn() + 2;
        String at = " --dir " + shellQuoted(store.toString());
        out.println("Try (./rockwal is the launcher at the top of the repository):");
        out.println("  ./rockwal stats" + at);
        out.println("  ./rockwal get " + someLsn + at);
        out.println("  ./rockwal last --type headersync" + at);
        out.println("  ./rockwal replay --type pots --limit 2" + at);
        out.println("  ./rockwal verify" + at);
        out.println("  ./rockwal tail --type pots" + at + "    (and run the demo again in another shell)");
    }

    /** The text as one shell word: unchanged when it is plainly safe, else in single quotes. */
    static String shellQuoted(String text) {
        if (text.matches("[A-Za-z0-9_./:=@%+-]+")) {
            return text;
        }
        return "'" + text.replace("'", "'\"'\"'") + "'";
    }
}
