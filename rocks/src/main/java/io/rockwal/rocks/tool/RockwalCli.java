package io.rockwal.rocks.tool;

import io.rockwal.core.EventLogException;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The {@code rockwal} command: looks into a rockwal event log from a shell, also while the node that
 * writes it runs. Run it as {@code java -jar rocks/target/rockwal.jar <command>}, or through the
 * {@code rockwal} script at the top of the repository.
 *
 * <p>Exit status: {@value #OK} found or clean, {@value #NOT_FOUND} not found, {@value #USAGE} usage
 * error, {@value #FAILED} corruption or I/O error. Errors are one line on stderr, with a stack trace
 * only under {@code --verbose}.
 */
@Command(
        name = "rockwal",
        mixinStandardHelpOptions = true,
        versionProvider = RockwalCli.Version.class,
        description = {
            "Looks into a rockwal event log from a shell, also while the node runs.",
            "",
            "Any entry by LSN, replays, the last entry of a type, statistics, new entries as they arrive, "
                    + "and a check of the on-disk format. Reading never writes to the store and works while "
                    + "a node has it open (the store is then opened as a RocksDB secondary instance that "
                    + "catches up with the node before answering). Every command takes --dir, or reads "
                    + "ROCKWAL_DIR.",
            "",
            "New here? Try: rockwal demo --dir /tmp/rockwal-demo"
        },
        subcommands = {
            DemoCommand.class,
            GetCommand.class,
            LastCommand.class,
            ReplayCommand.class,
            TailCommand.class,
            StatsCommand.class,
            VerifyCommand.class,
            ImportGoCommand.class,
            ServeCommand.class,
            ExportCommand.class,
            CommandLine.HelpCommand.class
        })
public final class RockwalCli implements Runnable {

    /** Found, or clean. */
    public static final int OK = 0;
    /** What was asked for is not in the store. */
    public static final int NOT_FOUND = 1;
    /** The command line was wrong. */
    public static final int USAGE = 2;
    /** The store is damaged, or it could not be read. */
    public static final int FAILED = 3;

    private final Terminals terminals;
    private final StopRequest stop;

    @Spec
    private CommandSpec spec;

    private RockwalCli(Terminals terminals, StopRequest stop) {
        this.terminals = terminals;
        this.stop = stop;
    }

    /** Runs the tool with this process's stdout and stderr, and exits with its status. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new BufferedWriter(
                new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), 1 << 16));
        PrintWriter err = new PrintWriter(
                new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
        StopRequest stop = StopRequest.forProcess();
        int status = run(args, out, err, Terminals.detect(), stop);
        out.flush();
        err.flush();
        stop.finished();
        System.exit(status);
    }

    /**
     * Runs the tool in this process, as {@link #main} does but writing to the given streams, and returns
     * its exit status instead of exiting.
     */
    static int run(String[] args, PrintWriter out, PrintWriter err, Terminals terminals, StopRequest stop) {
        CommandLine cli = commandLine(terminals, stop);
        cli.setOut(out);
        cli.setErr(err);
        try {
            return cli.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    static CommandLine commandLine(Terminals terminals, StopRequest stop) {
        CommandLine cli = new CommandLine(new RockwalCli(terminals, stop));
        Map<String, String> exitCodes = new LinkedHashMap<>();
        exitCodes.put(Integer.toString(OK), "found, or clean");
        exitCodes.put(Integer.toString(NOT_FOUND), "not found");
        exitCodes.put(Integer.toString(USAGE), "usage error");
        exitCodes.put(Integer.toString(FAILED), "corruption or I/O error");
        applyToAll(cli, exitCodes);
        cli.setExecutionExceptionHandler(RockwalCli::onFailure);
        cli.setParameterExceptionHandler(RockwalCli::onUsageError);
        return cli;
    }

    private static void applyToAll(CommandLine command, Map<String, String> exitCodes) {
        command.getCommandSpec()
                .usageMessage()
                .exitCodeListHeading("%nExit status:%n")
                .exitCodeList(exitCodes);
        command.getSubcommands().values().forEach(sub -> {
            if (!(sub.getCommand() instanceof CommandLine.HelpCommand)) {
                applyToAll(sub, exitCodes);
            }
        });
    }

    /** Without a command: a usage error. */
    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(),
                "Missing command: one of "
                        + String.join(
                                ", ",
                                spec.subcommands().keySet().stream()
                                        .filter(name -> !name.equals("help"))
                                        .toList()));
    }

    Terminals terminals() {
        return terminals;
    }

    StopRequest stop() {
        return stop;
    }

    private static int onUsageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String name = command.getCommandSpec().qualifiedName();
        PrintWriter err = command.getErr();
        err.println(name + ": " + EntryOutput.oneLine(e.getMessage()) + " (see '" + name + " --help')");
        return USAGE;
    }

    private static int onFailure(Exception e, CommandLine command, ParseResult parsed) {
        command.getOut().flush();
        PrintWriter err = command.getErr();
        boolean verbose = verbose(parsed);
        String message = e instanceof EventLogException
                ? e.getMessage()
                : e + (verbose ? "" : " (--verbose shows the stack trace)");
        err.println(command.getCommandSpec().qualifiedName() + ": " + EntryOutput.oneLine(message));
        if (verbose) {
            e.printStackTrace(err);
        }
        return FAILED;
    }

    private static boolean verbose(ParseResult parsed) {
        ParseResult innermost = parsed;
        while (innermost.subcommand() != null) {
            innermost = innermost.subcommand();
        }
        return innermost.hasMatchedOption("--verbose");
    }

    /** Prints the tool's version, the store format it reads and the RocksDB it uses. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = RockwalCli.class.getPackage().getImplementationVersion();
            org.rocksdb.RocksDB.loadLibrary();
            return new String[] {
                "rockwal " + (version == null ? "(development build)" : version),
                "RocksDB " + org.rocksdb.RocksDB.rocksdbVersion() + ", Java " + Runtime.version()
            };
        }
    }
}
