package io.rockwal.rocks.tool;

import io.rockwal.core.EventCatalog;
import io.rockwal.rocks.RocksEventLogReader;
import io.rockwal.rocks.VerifyReport;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code rockwal verify}: checks the on-disk format and lists every problem. */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Checks the on-disk format and lists every problem.",
            "",
            "Reads every key of every type and of the key index and checks the format invariants: keys "
                    + "of 8 bytes, each LSN in exactly one type, no LSN missing between the first retained and "
                    + "the last flushed LSN that the metadata records and no entry beyond them, every value "
                    + "decodes (its header, and its payload with the standard codecs and those --class-path "
                    + "adds), ordinals agree with "
                    + "their anchors, and the key index holds exactly the entries that have a secondary key. "
                    + "Then it checks the checksum of every block of every table file, also blocks no read "
                    + "needs.",
            "",
            "Prints one line per problem, 'problem: <column family> LSN <lsn>: <what>' ('-' when no column "
                    + "family holds the LSN, 'key <hex>' when the key holds no LSN), notes, then a summary "
                    + "line. Entries of a codec neither knows are counted as not decodable, which is not a "
                    + "problem. Exit status 0 when clean, 3 when any problem was "
                    + "found."
        })
final class VerifyCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private RockwalCli cli;

    @Mixin
    private StoreOptions store;

    @Mixin
    private CatalogOptions codecs;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long started = System.nanoTime();
        EventCatalog catalog = codecs.catalog();
        try (RocksEventLogReader reader = store.openReader()) {
            Progress progress = new Progress(err, cli.terminals().stderr(), "verify: entries");
            long expected = reader.metadata().isEmpty() ? 0 : reader.metadata().retainedCount();
            VerifyReport result = reader.verify(
                    catalog,
                    problem -> {
                        progress.clear();
                        out.println(
                                "problem: " + problem.location() + ": " + EntryOutput.oneLine(problem.description()));
                        out.flush();
                    },
                    checked -> progress.update(checked, expected));
            progress.clear();
            for (Map.Entry<String, Long> note : result.notDecodable().entrySet()) {
                out.printf(
                        Locale.ROOT,
                        "note: %s: %,d %s not decodable, unknown type%n",
                        note.getKey(),
                        note.getValue(),
                        note.getValue() == 1 ? "entry" : "entries");
            }
            out.printf(
                    Locale.ROOT,
                    "%s: %s (%s, %,d entries in %d types, %.1f s)%n",
                    result.problems() == 0 ? "clean" : "damaged",
                    result.problems() == 0
                            ? "no problem"
                            : result.problems() + (result.problems() == 1 ? " problem" : " problems"),
                    ReadSession.retained(result.state()),
                    result.entries(),
                    result.typeCount(),
                    (System.nanoTime() - started) / 1e9);
            return result.problems() == 0 ? RockwalCli.OK : RockwalCli.FAILED;
        }
    }
}
