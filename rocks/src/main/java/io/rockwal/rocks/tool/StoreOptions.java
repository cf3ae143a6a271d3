package io.rockwal.rocks.tool;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options every command takes: the store's directory, and {@code --verbose}. */
final class StoreOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "${env:ROCKWAL_DIR}",
            description = "The store directory. Default: the environment variable ROCKWAL_DIR.")
    private Path dir;

    @Option(names = {"-v", "--verbose"},
            description = "Say how the store was opened and how far the reader caught up; show stack traces of errors.")
    private boolean verbose;

    /**
     * The store directory.
     *
     * @throws ParameterException (a usage error) when neither {@code --dir} nor ROCKWAL_DIR gives one
     */
    Path dir() {
        if (dir == null) {
            throw new ParameterException(command.commandLine(),
                    "Missing required option: '--dir=DIR' (or set ROCKWAL_DIR)");
        }
        return dir.toAbsolutePath().normalize();
    }

    boolean verbose() {
        return verbose;
    }
}
