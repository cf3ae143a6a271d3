package io.rockwal.rocks.tool;

import io.rockwal.core.EntryCursor;
import io.rockwal.core.EventCatalog;
import io.rockwal.core.LsnMetadata;
import io.rockwal.core.WalType;
import io.rockwal.rocks.RocksEventLogReader;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code rockwal replay}: entries in LSN order, as JSON Lines. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Prints entries in LSN order as JSON Lines.",
            "",
            "One JSON object per line, each as get prints it (on one line). Stops at the first damaged "
                    + "entry with exit status 3 (verify lists every problem); a payload that does not decode is "
                    + "printed with an error field, the replay goes on, and the exit status is 3. Exit status "
                    + "1 when no entry matched."
        })
final class ReplayCommand implements Callable<Integer> {

    /** How many entries between two checks that stdout is still open. */
    private static final int CHECK_OUTPUT_EVERY = 256;

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private RockwalCli cli;

    @Mixin
    private StoreOptions store;

    @Mixin
    private CatalogOptions codecs;

    @Mixin
    private EntryOptions entries;

    @Option(
            names = "--type",
            paramLabel = "TYPE",
            converter = TypeConverter.class,
            description = "Only entries of this type (wal:pots, or pots for short). Default: every type.")
    private WalType type;

    @Option(
            names = "--from",
            paramLabel = "LSN",
            defaultValue = "1",
            description = "The first LSN to print (inclusive). Default: ${DEFAULT-VALUE}, the first retained.")
    private long from;

    @Option(names = "--limit", paramLabel = "N", description = "Print at most N entries. Default: all.")
    private Long limit;

    @Override
    public Integer call() {
        if (from < 1) {
            throw new ParameterException(spec.commandLine(), "--from must be at least 1, was " + from);
        }
        if (limit != null && limit < 0) {
            throw new ParameterException(spec.commandLine(), "--limit must not be negative, was " + limit);
        }
        PrintWriter err = spec.commandLine().getErr();
        EventCatalog catalog = codecs.catalog();
        try (RocksEventLogReader reader = store.openReader()) {
            if (type != null && !reader.types().contains(type)) {
                err.println(spec.qualifiedName() + ": the store has no type " + type + "; it has " + reader.types());
                return RockwalCli.NOT_FOUND;
            }
            EntryOutput output = entries.output(false, catalog);
            Progress progress = new Progress(
                    err, cli.terminals().stderr() && !cli.terminals().stdout(), "replay: entries");
            long expected = type == null ? expectedCount(reader.metadata()) : 0;
            long max = limit == null ? Long.MAX_VALUE : limit;
            try (EntryCursor cursor = type == null ? reader.cursor(from) : reader.cursor(type, from)) {
                while (output.printed() < max && cursor.hasNext()) {
                    output.print(cursor.next());
                    long printed = output.printed();
                    if (printed % CHECK_OUTPUT_EVERY == 0 && output.outputClosed()) {
                        break;
                    }
                    progress.update(printed, expected);
                }
            } finally {
                progress.clear();
            }
            if (output.undecodable() > 0) {
                return RockwalCli.FAILED;
            }
            return output.printed() > 0 ? RockwalCli.OK : RockwalCli.NOT_FOUND;
        }
    }

    private long expectedCount(LsnMetadata state) {
        long first = Math.max(from, state.firstRetainedLsn());
        return Math.max(0, state.lastFlushedLsn() - first + 1);
    }
}
