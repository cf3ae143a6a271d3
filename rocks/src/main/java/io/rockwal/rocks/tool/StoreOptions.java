package io.rockwal.rocks.tool;

import io.rockwal.rocks.RocksEventLogReader;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options of every command that opens a store (all but {@code demo}): the store's directory, and
 * {@code --verbose}; and the one way those commands open it for reading.
 */
final class StoreOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            defaultValue = "${env:ROCKWAL_DIR}",
            description = "The store directory. Default: the environment variable ROCKWAL_DIR.")
    private Path dir;

    @Option(
            names = {"-v", "--verbose"},
            description = "Say how the store was opened and how far the reader caught up; show stack traces of errors.")
    private boolean verbose;

    /**
     * The store directory.
     *
     * @throws ParameterException (a usage error) when neither {@code --dir} nor ROCKWAL_DIR gives one
     */
    Path dir() {
        if (dir == null) {
            throw new ParameterException(
                    command.commandLine(), "Missing required option: '--dir=DIR' (or set ROCKWAL_DIR)");
        }
        return dir.toAbsolutePath().normalize();
    }

    boolean verbose() {
        return verbose;
    }

    /** Opens the store for reading ({@link ReadSession}); the caller closes the reader. */
    RocksEventLogReader openReader() {
        return openReader(RocksEventLogReader.DEFAULT_POLL_INTERVAL);
    }

    /**
     * As {@link #openReader()}, with subscriptions polling every {@code pollInterval}. How the store was
     * opened is said on stderr under {@code --verbose}, or when stderr is a terminal.
     */
    RocksEventLogReader openReader(Duration pollInterval) {
        return ReadSession.open(
                dir(),
                pollInterval,
                verbose || cli().terminals().stderr(),
                command.commandLine().getErr());
    }

    /** The tool at the root of the command (a command may be nested, as {@code export kafka} is). */
    private RockwalCli cli() {
        CommandSpec root = command;
        while (root.parent() != null) {
            root = root.parent();
        }
        return (RockwalCli) root.userObject();
    }
}
