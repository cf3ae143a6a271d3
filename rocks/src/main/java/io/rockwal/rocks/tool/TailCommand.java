package io.rockwal.rocks.tool;

import io.rockwal.core.EventLogIOException;
import io.rockwal.core.LsnMetadata;
import io.rockwal.core.ReplayAbortedException;
import io.rockwal.core.WalType;
import io.rockwal.rocks.RocksEventLogReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code rockwal tail}: new entries as they are flushed, until interrupted.
 *
 * <p>Each poll catches the reader up with the writer and replays from the next LSN. A reader that has
 * seen nothing new for {@value #REOPEN_WHEN_IDLE_MILLIS} ms is closed and opened again, for two
 * reasons: a read-only view (no writer held the store when it was opened) never changes, and a RocksDB
 * secondary instance can keep serving an old value of the store's metadata after the writer's memtables
 * are flushed (rocksdb issue 15051; seen with RocksDB 11.8.1), which would hide the last entries
 * flushed before the writer fell idle. A fresh instance reads the current state.
 */
@Command(name = "tail", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Prints entries as the writer flushes them, until interrupted.",
            "",
            "JSON Lines, as replay prints them. Starts after the last flushed entry unless --from says "
                    + "otherwise. Ctrl-C, SIGINT or SIGTERM end it with exit status 0. Works on a store a node "
                    + "has open, and on a closed one (it notices when a writer opens it)."})
final class TailCommand implements Callable<Integer> {

    static final long REOPEN_WHEN_IDLE_MILLIS = 2_000;
    private static final int MAX_FAILED_POLLS = 3;

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private RockwalCli cli;

    @Mixin
    private StoreOptions store;

    @Option(names = "--type", paramLabel = "TYPE", converter = TypeConverter.class,
            description = "Only entries of this type (wal:pots, or pots for short). Default: every type.")
    private WalType type;

    @Option(names = "--from", paramLabel = "LSN",
            description = "Start at this LSN (inclusive), printing what is already there first. "
                    + "Default: after the last flushed entry.")
    private Long from;

    @Option(names = "--interval", paramLabel = "MS", defaultValue = "500",
            description = "Milliseconds between two looks at the store. Default: ${DEFAULT-VALUE}.")
    private long intervalMillis;

    @Option(names = "--raw", description = "Print stored payloads in hex instead of decoding them.")
    private boolean raw;

    private RocksEventLogReader reader;
    private long next;

    @Override
    public Integer call() throws InterruptedException {
        if (from != null && from < 1) {
            throw new ParameterException(spec.commandLine(), "--from must be at least 1, was " + from);
        }
        if (intervalMillis < 10) {
            throw new ParameterException(spec.commandLine(), "--interval must be at least 10 ms, was " + intervalMillis);
        }
        Path dir = store.dir();
        PrintWriter err = spec.commandLine().getErr();
        StopRequest stop = cli.stop();
        stop.stopOnSignals();
        EntryOutput output = new EntryOutput(spec.commandLine().getOut(), err, spec.qualifiedName(), raw, false);
        reader = ReadSession.open(dir, store.verbose() || cli.terminals().stderr(), err);
        try {
            next = from != null ? from : reader.metadata().lastFlushedLsn() + 1;
            long lastNews = System.nanoTime();
            int failedPolls = 0;
            while (!stop.isRequested()) {
                try {
                    if (reader == null) {
                        reader = ReadSession.open(dir, false, err);
                        lastNews = System.nanoTime();
                    }
                    if (poll(output, stop)) {
                        lastNews = System.nanoTime();
                    } else if (System.nanoTime() - lastNews >= REOPEN_WHEN_IDLE_MILLIS * 1_000_000) {
                        closeReader();
                        continue;
                    }
                    failedPolls = 0;
                } catch (EventLogIOException e) {
                    closeReader();
                    if (++failedPolls >= MAX_FAILED_POLLS) {
                        throw e;
                    }
                    if (store.verbose()) {
                        err.println(spec.qualifiedName() + ": " + EntryOutput.oneLine(e.getMessage()) + "; trying again");
                    }
                }
                if (output.outputClosed()) {
                    break;
                }
                stop.await(intervalMillis);
            }
            return output.undecodable() > 0 ? RockwalCli.FAILED : RockwalCli.OK;
        } finally {
            closeReader();
            spec.commandLine().getOut().flush();
        }
    }

    /** Catches up and prints what is new; returns whether the writer flushed anything since the last poll. */
    private boolean poll(EntryOutput output, StopRequest stop) {
        LsnMetadata state = reader.catchUp();
        if (state.lastFlushedLsn() < next) {
            return false;
        }
        try {
            reader.replay(type, next, entry -> {
                if (stop.isRequested()) {
                    throw new InterruptedException("stop requested");
                }
                output.print(entry);
                next = entry.lsn() + 1;
            });
        } catch (ReplayAbortedException e) {
            if (!(e.getCause() instanceof InterruptedException)) {
                throw e;
            }
            return true;
        }
        next = Math.max(next, state.lastFlushedLsn() + 1);
        spec.commandLine().getOut().flush();
        return true;
    }

    private void closeReader() {
        if (reader != null) {
            RocksEventLogReader closing = reader;
            reader = null;
            closing.close();
        }
    }
}
