package io.rockwal.rocks.tool;

import io.rockwal.core.LsnMetadata;
import io.rockwal.core.Subscription;
import io.rockwal.core.WalType;
import io.rockwal.rocks.RocksEventLogReader;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code rockwal tail}: new entries as they are flushed, until interrupted: a subscription on a
 * {@link RocksEventLogReader}, which catches up with the writer every interval and follows it across
 * the writer's restarts (see the reader's class documentation).
 */
@Command(
        name = "tail",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Prints entries as the writer flushes them, until interrupted.",
            "",
            "JSON Lines, as replay prints them. Starts after the last flushed entry unless --from says "
                    + "otherwise. Ctrl-C (SIGINT) or SIGTERM ends it once it has flushed what it printed, with exit "
                    + "status 130 or 143 as for any program ended so. Works on a store a node "
                    + "has open, and on a closed one (it notices when a writer opens it)."
        })
final class TailCommand implements Callable<Integer> {

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
            description = "Start at this LSN (inclusive), printing what is already there first. "
                    + "Default: after the last flushed entry.")
    private Long from;

    @Option(
            names = "--interval",
            paramLabel = "MS",
            defaultValue = "500",
            description = "Milliseconds between two looks at the store. Default: ${DEFAULT-VALUE}.")
    private long intervalMillis;

    @Override
    public Integer call() throws Exception {
        if (from != null && from < 1) {
            throw new ParameterException(spec.commandLine(), "--from must be at least 1, was " + from);
        }
        if (intervalMillis < 10) {
            throw new ParameterException(
                    spec.commandLine(), "--interval must be at least 10 ms, was " + intervalMillis);
        }
        EntryOutput output = entries.output(false, codecs.catalog());
        PrintWriter out = spec.commandLine().getOut();
        StopRequest stop = cli.stop();
        stop.stopOnShutdown();
        try (RocksEventLogReader reader = store.openReader(Duration.ofMillis(intervalMillis))) {
            LsnMetadata state = reader.metadata();
            long next = from == null ? state.lastFlushedLsn() + 1 : Math.max(from, state.firstRetainedLsn());
            Subscription subscription =
                    type == null ? reader.subscribe(next, output::print) : reader.subscribe(type, next, output::print);
            try (subscription) {
                while (!stop.isRequested() && !subscription.terminated().isDone() && !output.outputClosed()) {
                    stop.await(intervalMillis);
                    out.flush();
                }
            }
            if (subscription.terminated().isCompletedExceptionally()) {
                throw failureOf(subscription);
            }
            return output.undecodable() > 0 ? RockwalCli.FAILED : RockwalCli.OK;
        } finally {
            out.flush();
        }
    }

    /** What ended the subscription: a storage failure, or entries truncated before they were printed. */
    private static Exception failureOf(Subscription subscription) {
        try {
            subscription.terminated().join();
            return new IllegalStateException("the subscription ended without a failure");
        } catch (CompletionException e) {
            return e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
