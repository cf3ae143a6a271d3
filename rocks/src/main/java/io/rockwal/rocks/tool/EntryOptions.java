package io.rockwal.rocks.tool;

import io.rockwal.core.EventCatalog;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The option of every command that prints entries ({@code get}, {@code last}, {@code replay}, {@code tail}). */
final class EntryOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--raw", description = "Print stored payloads in hex instead of decoding them.")
    private boolean raw;

    /** Where the command prints its entries: stdout, indented when {@code pretty}, else one line each. */
    EntryOutput output(boolean pretty, EventCatalog catalog) {
        return new EntryOutput(
                command.commandLine().getOut(),
                command.commandLine().getErr(),
                command.qualifiedName(),
                raw,
                pretty,
                catalog);
    }
}
