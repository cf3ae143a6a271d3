package io.rockwal.rocks.tool;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import io.rockwal.rocks.goimport.GoImportReport;
import io.rockwal.rocks.goimport.GoWalException;
import io.rockwal.rocks.goimport.GoWalImport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code rockwal import-go}: the Go node's log into a store, at the same LSNs. */
@Command(
        name = "import-go",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Imports the log of the original Go node (a tidwall/wal directory) into a store.",
            "",
            "Every whole entry keeps its LSN, operation and timestamp (Go's seconds become milliseconds, "
                    + "exactly), protobuf payloads their bytes; checkpoint markers become checkpoints at their "
                    + "LSNs. The Go directory is only read. A torn last record is left out and reported "
                    + "(--strict refuses it); any other damage is refused naming the file, offset and LSN, and "
                    + "a store the import created is removed again. Into a store that holds a prefix of the "
                    + "same log (an earlier import), it checks that prefix and continues after it."
        })
final class ImportGoCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private RockwalCli cli;

    @Mixin
    private StoreOptions store;

    @Option(
            names = "--from",
            paramLabel = "GO_DIR",
            required = true,
            description = "The Go log directory: the one holding the 20-digit segment files and lsn_metadata.json.")
    private Path from;

    @Option(names = "--strict", description = "Refuse a torn last record instead of leaving it out.")
    private boolean strict;

    @Option(names = "--json", description = "Print the summary as one JSON object.")
    private boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Progress progress = new Progress(err, cli.terminals().stderr(), "import-go: entries");
        GoImportReport report;
        try {
            report = GoWalImport.from(from)
                    .strict(strict)
                    .onProgress(p -> progress.update(p.done(), p.total()))
                    .into(store.dir());
        } catch (GoWalException e) {
            progress.clear();
            err.println(spec.qualifiedName() + ": " + EntryOutput.oneLine(e.getMessage()));
            if (store.verbose()) {
                e.printStackTrace(err);
            }
            return RockwalCli.FAILED;
        }
        progress.clear();
        if (json) {
            out.println(JsonText.pretty(toJson(report)));
        } else {
            printSummary(out, report);
        }
        return RockwalCli.OK;
    }

    private static JsonObject toJson(GoImportReport report) {
        JsonObject json = new JsonObject();
        json.addProperty("from", report.goDir().toString());
        json.addProperty("store", report.store().toString());
        json.addProperty("firstLsn", report.firstLsn());
        json.addProperty("lastLsn", report.lastLsn());
        json.addProperty("imported", report.imported());
        json.addProperty("alreadyInStore", report.alreadyInStore());
        json.add("entriesByClass", JsonText.tree(report.entriesByClass()));
        json.add("checkpoints", JsonText.tree(report.checkpoints()));
        json.addProperty("segmentBytes", report.segmentBytes());
        json.addProperty("seconds", report.elapsed().toNanos() / 1e9);
        GoImportReport.TornRecord torn = report.torn();
        if (torn == null) {
            json.add("tornRecord", JsonNull.INSTANCE);
        } else {
            JsonObject tornJson = new JsonObject();
            tornJson.addProperty("segment", torn.segment().toString());
            tornJson.addProperty("offset", torn.offset());
            tornJson.addProperty("bytesPresent", torn.bytesPresent());
            tornJson.addProperty("declaredLength", torn.declaredLength() < 0 ? null : torn.declaredLength());
            tornJson.addProperty("lsn", torn.lsn());
            json.add("tornRecord", tornJson);
        }
        json.addProperty("metadataFile", report.metadataFile());
        json.add("normalised", JsonText.tree(report.normalised()));
        json.add("notes", JsonText.tree(report.notes()));
        return json;
    }

    private static void printSummary(PrintWriter out, GoImportReport report) {
        String label = "%-15s %s%n";
        out.printf(label, "from", report.goDir());
        out.printf(label, "store", report.store());
        out.printf(
                label,
                "LSNs",
                report.lastLsn() < report.firstLsn()
                        ? "none (the log is empty, next " + report.firstLsn() + ")"
                        : report.firstLsn() + " to " + report.lastLsn());
        out.printf(
                Locale.ROOT,
                "%-15s %,d (%,d already in the store, checked)%n",
                "imported",
                report.imported(),
                report.alreadyInStore());
        report.entriesByClass().forEach((name, count) -> out.printf(Locale.ROOT, "  %-25s %,d%n", name, count));
        out.printf(label, "checkpoints", report.checkpoints());
        double seconds = report.elapsed().toNanos() / 1e9;
        out.printf(
                Locale.ROOT,
                "%-15s %s of segments in %.2f s (%,.0f entries/s)%n",
                "read",
                Sizes.human(report.segmentBytes()),
                seconds,
                report.entries() / Math.max(seconds, 1e-9));
        GoImportReport.TornRecord torn = report.torn();
        if (torn != null) {
            out.printf(
                    Locale.ROOT,
                    "%-15s LSN %d, left out: %d bytes of a frame%s at offset %d of %s%n",
                    "torn record",
                    torn.lsn(),
                    torn.bytesPresent(),
                    torn.declaredLength() < 0
                            ? " (its length prefix is cut)"
                            : " declaring " + torn.declaredLength() + " bytes",
                    torn.offset(),
                    torn.segment().getFileName());
        }
        out.printf(label, "metadata file", report.metadataFile());
        report.normalised()
                .forEach((what, count) -> out.printf(Locale.ROOT, "%-15s %,d x %s%n", "normalised", count, what));
        List<String> notes = report.notes();
        notes.forEach(note -> out.printf(label, "note", note));
    }
}
