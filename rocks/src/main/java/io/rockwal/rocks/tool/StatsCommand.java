package io.rockwal.rocks.tool;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import io.rockwal.core.LsnMetadata;
import io.rockwal.rocks.LogMetrics;
import io.rockwal.rocks.RocksEventLogReader;
import io.rockwal.rocks.StoreStatistics;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rockwal stats}: what the store holds, as a table or one JSON object. */
@Command(
        name = "stats",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Prints what the store holds, as a table or one JSON object.",
            "",
            "The first retained, last and last flushed LSN, the last update time, per type its entries "
                    + "(exact), first and last LSN and approximate bytes on disk (RocksDB's estimate), "
                    + "checkpoints, format version, the directory's disk usage (SST tables, write-ahead logs, "
                    + "other files), RocksDB's figures per column family (level-0 files, table bytes, live data, "
                    + "pending compaction, estimated keys, memtables) and for the whole database, how the store "
                    + "was opened, and any column family rockwal does not know. "
                    + "Answered from counts, seeks and size estimates: as fast on a large store as on a small "
                    + "one. Exit status 3 if a type could not be read because of damage."
        })
final class StatsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private StoreOptions store;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    private boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (RocksEventLogReader reader = store.openReader()) {
            StoreStatistics stats = reader.statistics();
            if (json) {
                out.println(JsonText.pretty(toJson(reader, stats)));
            } else {
                printTable(out, reader, stats);
            }
            for (StoreStatistics.TypeStatistics type : stats.types()) {
                if (type.damage() != null) {
                    err.println(spec.qualifiedName() + ": " + type.type() + " could not be read: "
                            + EntryOutput.oneLine(type.damage()));
                }
            }
            return stats.damaged() ? RockwalCli.FAILED : RockwalCli.OK;
        }
    }

    static JsonObject toJson(RocksEventLogReader reader, StoreStatistics stats) {
        LsnMetadata state = stats.lsns();
        JsonObject json = new JsonObject();
        json.addProperty("directory", reader.directory().toString());
        json.addProperty("mode", ReadSession.modeName(reader));
        json.addProperty("formatVersion", stats.formatVersion());
        json.addProperty("firstRetainedLsn", state.firstRetainedLsn());
        json.addProperty("lastLsn", state.lastLsn());
        json.addProperty("lastFlushedLsn", state.lastFlushedLsn());
        json.addProperty("retainedEntries", state.isEmpty() ? 0 : state.retainedCount());
        json.add(
                "lastUpdated",
                state.lastUpdatedMillis() == 0 ? JsonNull.INSTANCE : EntryJson.timestamp(state.lastUpdatedMillis()));
        json.add("checkpoints", JsonText.tree(stats.checkpoints()));
        JsonArray types = new JsonArray();
        long entries = 0;
        long bytes = 0;
        for (StoreStatistics.TypeStatistics type : stats.types()) {
            JsonObject row = new JsonObject();
            row.addProperty("type", type.type().name());
            row.addProperty("entries", type.entries());
            row.addProperty("approximateBytes", type.approximateBytes());
            row.addProperty("firstLsn", type.entries() == 0 ? null : type.firstLsn());
            row.addProperty("lastLsn", type.entries() == 0 ? null : type.lastLsn());
            if (type.damage() != null) {
                row.addProperty("error", type.damage());
            }
            types.add(row);
            entries += type.entries();
            bytes += type.approximateBytes();
        }
        json.add("types", types);
        JsonObject total = new JsonObject();
        total.addProperty("entries", entries);
        total.addProperty("approximateBytes", bytes);
        json.add("total", total);
        StoreStatistics.DiskUsage disk = stats.disk();
        JsonObject diskJson = new JsonObject();
        diskJson.addProperty("bytes", disk.bytes());
        diskJson.addProperty("files", disk.files());
        diskJson.addProperty("sstBytes", disk.sstBytes());
        diskJson.addProperty("sstFiles", disk.sstFiles());
        diskJson.addProperty("walBytes", disk.walBytes());
        diskJson.addProperty("walFiles", disk.walFiles());
        diskJson.addProperty("otherBytes", disk.otherBytes());
        diskJson.addProperty("otherFiles", disk.otherFiles());
        json.add("disk", diskJson);
        json.add("foreignColumnFamilies", JsonText.tree(stats.foreignColumnFamilies()));
        json.add("rocksdb", rocksDbJson(stats.rocksdb()));
        return json;
    }

    /** RocksDB's figures; a figure RocksDB does not report is null. */
    private static JsonObject rocksDbJson(LogMetrics.RocksDbFigures figures) {
        JsonObject json = new JsonObject();
        json.addProperty("memtableBytes", figure(figures.memtableBytes()));
        json.addProperty("blockCacheBytes", figure(figures.blockCacheBytes()));
        json.addProperty("tableReaderBytes", figure(figures.tableReaderBytes()));
        json.addProperty("estimatedLiveDataBytes", figure(figures.estimatedLiveDataBytes()));
        json.addProperty("pendingCompactionBytes", figure(figures.pendingCompactionBytes()));
        json.addProperty("runningCompactions", figure(figures.runningCompactions()));
        json.addProperty("compactionPending", figure(figures.compactionPending()));
        json.addProperty("writeStopped", figure(figures.writeStopped()));
        json.addProperty("delayedWriteRate", figure(figures.delayedWriteRate()));
        json.addProperty("backgroundErrors", figure(figures.backgroundErrors()));
        JsonObject families = new JsonObject();
        figures.columnFamilies().forEach((name, family) -> {
            JsonObject row = new JsonObject();
            row.addProperty("level0Files", figure(family.level0Files()));
            row.addProperty("sstBytes", figure(family.liveSstBytes()));
            row.addProperty("estimatedLiveDataBytes", figure(family.estimatedLiveDataBytes()));
            row.addProperty("pendingCompactionBytes", figure(family.pendingCompactionBytes()));
            row.addProperty("estimatedKeys", figure(family.estimatedKeys()));
            row.addProperty("memtableBytes", figure(family.memtableBytes()));
            row.addProperty("tableReaderBytes", figure(family.tableReaderBytes()));
            families.add(name, row);
        });
        json.add("columnFamilies", families);
        return json;
    }

    private static Long figure(long value) {
        return value < 0 ? null : value;
    }

    private static String human(long bytes) {
        return bytes < 0 ? "-" : Sizes.human(bytes);
    }

    private static String count(long value) {
        return value < 0 ? "-" : String.format(Locale.ROOT, "%,d", value);
    }

    private static void printRocksDb(PrintWriter out, LogMetrics.RocksDbFigures figures, int width) {
        String row = "%-" + width + "s %9s %10s %10s %10s %12s %10s%n";
        out.printf(row, "column family", "L0 files", "SST", "live data", "compaction", "~keys", "memtables");
        figures.columnFamilies()
                .forEach((name, family) -> out.printf(
                        row,
                        name,
                        count(family.level0Files()),
                        human(family.liveSstBytes()),
                        human(family.estimatedLiveDataBytes()),
                        human(family.pendingCompactionBytes()),
                        count(family.estimatedKeys()),
                        human(family.memtableBytes())));
        out.println();
        String label = "%-17s %s%n";
        out.printf(
                label,
                "rocksdb memory",
                "memtables " + human(figures.memtableBytes()) + ", block cache "
                        + human(figures.blockCacheBytes()) + ", table readers " + human(figures.tableReaderBytes())
                        + " (this reader's instance)");
        out.printf(
                label,
                "rocksdb work",
                count(figures.runningCompactions()) + " compactions running, "
                        + count(figures.compactionPending()) + " families waiting, "
                        + human(figures.pendingCompactionBytes())
                        + " to compact, " + count(figures.backgroundErrors()) + " background errors");
    }

    private static void printTable(PrintWriter out, RocksEventLogReader reader, StoreStatistics stats) {
        LsnMetadata state = stats.lsns();
        String label = "%-17s %s%n";
        out.printf(label, "store", reader.directory());
        out.printf(
                label,
                "opened",
                ReadSession.modeName(reader)
                        + (reader.mode() == RocksEventLogReader.Mode.SECONDARY ? " (a writer holds the store)" : ""));
        out.printf(label, "format version", stats.formatVersion());
        out.printf(
                label,
                "LSNs",
                (state.isEmpty()
                                ? "none retained"
                                : state.firstRetainedLsn() + ".." + state.lastFlushedLsn()
                                        + String.format(Locale.ROOT, " (%,d entries)", state.retainedCount()))
                        + ", last " + state.lastLsn() + ", last flushed " + state.lastFlushedLsn());
        out.printf(
                label,
                "last update",
                state.lastUpdatedMillis() == 0 ? "never" : EntryJson.iso(state.lastUpdatedMillis()));
        out.printf(
                label,
                "checkpoints",
                stats.checkpoints().isEmpty()
                        ? "none"
                        : stats.checkpoints().size() + ": " + joined(stats.checkpoints()));
        out.println();
        int width = Math.max(
                20,
                stats.types().stream()
                        .mapToInt(t -> t.type().name().length())
                        .max()
                        .orElse(0));
        String row = "%-" + width + "s %12s %12s %12s %12s%n";
        out.printf(row, "type", "entries", "~bytes", "first LSN", "last LSN");
        long entries = 0;
        long bytes = 0;
        for (StoreStatistics.TypeStatistics type : stats.types()) {
            boolean empty = type.entries() == 0;
            out.printf(
                    row,
                    type.type().name(),
                    String.format(Locale.ROOT, "%,d", type.entries()),
                    Sizes.human(type.approximateBytes()),
                    empty ? "-" : Long.toString(type.firstLsn()),
                    (empty ? "-" : Long.toString(type.lastLsn())) + (type.damage() != null ? "  (damaged)" : ""));
            entries += type.entries();
            bytes += type.approximateBytes();
        }
        out.printf(row, "total", String.format(Locale.ROOT, "%,d", entries), Sizes.human(bytes), "", "");
        out.println();
        StoreStatistics.DiskUsage disk = stats.disk();
        out.printf(
                label,
                "disk usage",
                Sizes.human(disk.bytes()) + " in " + Sizes.files(disk.files())
                        + ": SST " + Sizes.human(disk.sstBytes()) + " (" + Sizes.files(disk.sstFiles()) + "), WAL "
                        + Sizes.human(disk.walBytes()) + " (" + Sizes.files(disk.walFiles()) + "), other "
                        + Sizes.human(disk.otherBytes()) + " (" + Sizes.files(disk.otherFiles()) + ")");
        out.printf(
                label,
                "foreign families",
                stats.foreignColumnFamilies().isEmpty() ? "none" : String.join(", ", stats.foreignColumnFamilies()));
        out.println();
        printRocksDb(out, stats.rocksdb(), width);
    }

    private static String joined(List<Long> lsns) {
        StringBuilder text = new StringBuilder();
        for (Long lsn : lsns) {
            text.append(text.length() == 0 ? "" : ", ").append(lsn);
        }
        return text.toString();
    }
}
