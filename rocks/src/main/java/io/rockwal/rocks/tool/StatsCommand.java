package io.rockwal.rocks.tool;

import io.rockwal.core.LsnMetadata;
import io.rockwal.rocks.RocksEventLogReader;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code rockwal stats}: what the store holds, as a table or one JSON object. */
@Command(name = "stats", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Prints what the store holds, as a table or one JSON object.",
            "",
            "The first retained, last and last flushed LSN, the last update time, entries and bytes per "
                    + "type (keys and values before compression; every type is read, since the store keeps "
                    + "no counters), checkpoints, format version, the directory's disk usage (SST tables, "
                    + "write-ahead logs, other files), how the store was opened, and any column family "
                    + "rockwal does not know. Exit status 3 if a type could not be read to its end."})
final class StatsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private RockwalCli cli;

    @Mixin
    private StoreOptions store;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    private boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (RocksEventLogReader reader = ReadSession.open(store.dir(),
                store.verbose() || cli.terminals().stderr(), err)) {
            StoreStats stats = StoreStats.gather(reader, new Progress(err, cli.terminals().stderr(), "stats: entries"));
            if (json) {
                out.println(Json.pretty(toJson(reader, stats)));
            } else {
                printTable(out, reader, stats);
            }
            for (StoreStats.TypeStats type : stats.types()) {
                if (type.error() != null) {
                    err.println(spec.qualifiedName() + ": " + type.type() + " could not be read to its end: "
                            + EntryOutput.oneLine(type.error()));
                }
            }
            return stats.damaged() ? RockwalCli.FAILED : RockwalCli.OK;
        }
    }

    private static Map<String, Object> toJson(RocksEventLogReader reader, StoreStats stats) {
        LsnMetadata state = stats.metadata();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("directory", reader.directory().toString());
        json.put("mode", ReadSession.modeName(reader));
        json.put("formatVersion", reader.formatVersion());
        json.put("firstRetainedLsn", state.firstRetainedLsn());
        json.put("lastLsn", state.currentLsn());
        json.put("lastFlushedLsn", state.lastFlushedLsn());
        json.put("retainedEntries", state.isEmpty() ? 0 : state.retainedCount());
        json.put("lastUpdated", state.lastUpdatedMillis() == 0 ? null : EntryJson.timestamp(state.lastUpdatedMillis()));
        json.put("checkpoints", stats.checkpoints());
        List<Object> types = new ArrayList<>();
        long entries = 0;
        long bytes = 0;
        long payloadBytes = 0;
        for (StoreStats.TypeStats type : stats.types()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("type", type.type().name());
            row.put("entries", type.entries());
            row.put("bytes", type.bytes());
            row.put("payloadBytes", type.payloadBytes());
            row.put("firstLsn", type.entries() == 0 ? null : type.firstLsn());
            row.put("lastLsn", type.entries() == 0 ? null : type.lastLsn());
            if (type.error() != null) {
                row.put("error", type.error());
            }
            types.add(row);
            entries += type.entries();
            bytes += type.bytes();
            payloadBytes += type.payloadBytes();
        }
        json.put("types", types);
        Map<String, Object> total = new LinkedHashMap<>();
        total.put("entries", entries);
        total.put("bytes", bytes);
        total.put("payloadBytes", payloadBytes);
        json.put("total", total);
        StoreStats.DiskUsage disk = stats.disk();
        Map<String, Object> diskJson = new LinkedHashMap<>();
        diskJson.put("bytes", disk.bytes());
        diskJson.put("files", disk.files());
        diskJson.put("sstBytes", disk.sstBytes());
        diskJson.put("sstFiles", disk.sstFiles());
        diskJson.put("walBytes", disk.walBytes());
        diskJson.put("walFiles", disk.walFiles());
        diskJson.put("otherBytes", disk.otherBytes());
        diskJson.put("otherFiles", disk.otherFiles());
        json.put("disk", diskJson);
        json.put("foreignColumnFamilies", reader.foreignColumnFamilies());
        return json;
    }

    private static void printTable(PrintWriter out, RocksEventLogReader reader, StoreStats stats) {
        LsnMetadata state = stats.metadata();
        String label = "%-17s %s%n";
        out.printf(label, "store", reader.directory());
        out.printf(label, "opened", ReadSession.modeName(reader)
                + (reader.mode() == RocksEventLogReader.Mode.SECONDARY ? " (a writer holds the store)" : ""));
        out.printf(label, "format version", reader.formatVersion());
        out.printf(label, "LSNs", (state.isEmpty() ? "none retained"
                : state.firstRetainedLsn() + ".." + state.lastFlushedLsn() + String.format(Locale.ROOT, " (%,d entries)",
                state.retainedCount())) + ", last " + state.currentLsn() + ", last flushed " + state.lastFlushedLsn());
        out.printf(label, "last update", state.lastUpdatedMillis() == 0 ? "never"
                : EntryJson.timestamp(state.lastUpdatedMillis()).get("iso"));
        out.printf(label, "checkpoints", stats.checkpoints().isEmpty() ? "none"
                : stats.checkpoints().size() + ": " + joined(stats.checkpoints()));
        out.println();
        int width = Math.max(20, stats.types().stream().mapToInt(t -> t.type().name().length()).max().orElse(0));
        String row = "%-" + width + "s %12s %12s %12s %12s%n";
        out.printf(row, "type", "entries", "bytes", "first LSN", "last LSN");
        long entries = 0;
        long bytes = 0;
        for (StoreStats.TypeStats type : stats.types()) {
            boolean empty = type.entries() == 0;
            out.printf(row, type.type().name(), String.format(Locale.ROOT, "%,d", type.entries()), Sizes.human(type.bytes()),
                    empty ? "-" : Long.toString(type.firstLsn()), empty ? "-" : Long.toString(type.lastLsn())
                            + (type.error() != null ? "  (read stopped: damaged)" : ""));
            entries += type.entries();
            bytes += type.bytes();
        }
        out.printf(row, "total", String.format(Locale.ROOT, "%,d", entries), Sizes.human(bytes), "", "");
        out.println();
        StoreStats.DiskUsage disk = stats.disk();
        out.printf(label, "disk usage", Sizes.human(disk.bytes()) + " in " + Sizes.files(disk.files())
                + ": SST " + Sizes.human(disk.sstBytes()) + " (" + Sizes.files(disk.sstFiles()) + "), WAL "
                + Sizes.human(disk.walBytes()) + " (" + Sizes.files(disk.walFiles()) + "), other "
                + Sizes.human(disk.otherBytes()) + " (" + Sizes.files(disk.otherFiles()) + ")");
        out.printf(label, "foreign families", reader.foreignColumnFamilies().isEmpty() ? "none"
                : String.join(", ", reader.foreignColumnFamilies()));
    }

    private static String joined(List<Long> lsns) {
        StringBuilder text = new StringBuilder();
        for (Long lsn : lsns) {
            text.append(text.length() == 0 ? "" : ", ").append(lsn);
        }
        return text.toString();
    }
}
