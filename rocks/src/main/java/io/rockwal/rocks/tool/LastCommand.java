package io.rockwal.rocks.tool;

import io.rockwal.core.EventCatalog;
import io.rockwal.core.WalEntry;
import io.rockwal.core.WalType;
import io.rockwal.rocks.RocksEventLogReader;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rockwal last --type T}: the newest entry of a type, as hydration at start-up picks it. */
@Command(
        name = "last",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Prints the newest entry of a type, as get prints it.",
            "",
            "The flushed entry of the type with the highest LSN: what the node's hydration at start-up "
                    + "would pick. Exit status 1 when the store holds no entry of the type."
        })
final class LastCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private StoreOptions store;

    @Mixin
    private CatalogOptions codecs;

    @Mixin
    private EntryOptions entries;

    @Option(
            names = "--type",
            required = true,
            paramLabel = "TYPE",
            converter = TypeConverter.class,
            description = "The entry type: wal:headersync, or headersync for short.")
    private WalType type;

    @Option(names = "--compact", description = "Print the object on one line instead of indented.")
    private boolean compact;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        EventCatalog catalog = codecs.catalog();
        try (RocksEventLogReader reader = store.openReader()) {
            Optional<WalEntry> entry = reader.last(type);
            if (entry.isEmpty()) {
                err.println(spec.qualifiedName() + ": no entry of type " + type + " in " + reader.directory()
                        + (reader.types().contains(type)
                                ? ""
                                : " (the store has no such type; it has " + reader.types() + ")"));
                return RockwalCli.NOT_FOUND;
            }
            EntryOutput output = entries.output(!compact, catalog);
            output.print(entry.get());
            return output.undecodable() > 0 ? RockwalCli.FAILED : RockwalCli.OK;
        }
    }
}
