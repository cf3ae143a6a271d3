package io.rockwal.rocks.tool;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rockwal export}: the targets a store's entries can be exported to (Kafka, for now). */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        subcommands = ExportKafkaCommand.class,
        description = "Follows a store and exports its entries elsewhere; see `rockwal export kafka --help`.")
final class ExportCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.ParentCommand
    private RockwalCli cli;

    RockwalCli cli() {
        return cli;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing the export target (kafka)");
    }
}
