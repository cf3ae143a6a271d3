package io.rockwal.rocks.tool;

import io.rockwal.core.EventCatalog;
import io.rockwal.core.WalEntry;
import io.rockwal.rocks.RocksEventLogReader;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rockwal get LSN}: one entry as a JSON object. */
@Command(
        name = "get",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Prints the entry with the given LSN as one JSON object.",
            "",
            "Fields: lsn, type, operation (the original's wire name, such as Download), timestamp "
                    + "({\"iso\": UTC ISO-8601, \"epochMillis\": n}: when the log wrote the entry), codec, "
                    + "eventClass, payloadBytes, and event: the decoded payload. Protobuf payloads use the "
                    + "standard proto3 JSON mapping (lowerCamelCase names, 64-bit integers as strings, fields "
                    + "at their default value left out) except that bytes fields, which hold hashes and "
                    + "addresses, are lowercase hex instead of base64. Plain records (reconciliations, PoTS "
                    + "blocks) are shown field by field, block data in hex and, when it is JSON text, parsed "
                    + "beside it as blockDataJson.",
            "",
            "A payload that does not decode is printed in hex with an error field, and the exit status "
                    + "is 3. An entry of a codec neither the standard catalogue nor --class-path has is printed in "
                    + "hex. A node's own event is shown by its record components, in the same conventions."
        })
final class GetCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private StoreOptions store;

    @Mixin
    private CatalogOptions codecs;

    @Mixin
    private EntryOptions entries;

    @Parameters(paramLabel = "LSN", description = "The entry's LSN, 1 or more.")
    private long lsn;

    @Option(names = "--compact", description = "Print the object on one line instead of indented.")
    private boolean compact;

    @Override
    public Integer call() {
        if (lsn < 1) {
            throw new ParameterException(spec.commandLine(), "LSN must be at least 1, was " + lsn);
        }
        PrintWriter err = spec.commandLine().getErr();
        EventCatalog catalog = codecs.catalog();
        try (RocksEventLogReader reader = store.openReader()) {
            Optional<WalEntry> entry = reader.get(lsn);
            if (entry.isEmpty()) {
                err.println(spec.qualifiedName() + ": LSN " + lsn + " is not in " + reader.directory() + " ("
                        + ReadSession.retained(reader.metadata()) + ")");
                return RockwalCli.NOT_FOUND;
            }
            EntryOutput output = entries.output(!compact, catalog);
            output.print(entry.get());
            return output.undecodable() > 0 ? RockwalCli.FAILED : RockwalCli.OK;
        }
    }
}
