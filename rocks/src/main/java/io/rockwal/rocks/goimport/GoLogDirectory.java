package io.rockwal.rocks.goimport;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a Go node's log directory holds, listed without reading a record: its segment files in LSN order,
 * its checkpoint markers and its {@code lsn_metadata.json}. Everything is opened for reading only. The
 * layout (segment names, markers, metadata file) is the one {@code ../shared/fixtures/go-wal/README.md}
 * describes; the record format is {@link GoSegmentReader}'s.
 */
final class GoLogDirectory {

    static final String METADATA_FILE = "lsn_metadata.json";
    static final String CHECKPOINT_DIR = "checkpoint";
    private static final Pattern SEGMENT = Pattern.compile("\\d{20}");
    private static final Pattern INTERRUPTED_TRUNCATION = Pattern.compile("\\d{20}\\.(START|END)");
    private static final Pattern MARKER = Pattern.compile("lsn_(\\d{20})");

    /** One segment file: its name is the LSN of its first record. */
    record Segment(Path file, long firstLsn, long bytes) {}

    /** What {@code lsn_metadata.json} says, or why it could not be read. */
    record MetadataFile(long currentLsn, long lastFlushedLsn, long lastUpdatedSeconds, String problem) {

        static MetadataFile unreadable(String problem) {
            return new MetadataFile(0, 0, 0, problem);
        }

        boolean readable() {
            return problem == null;
        }
    }

    private final Path dir;
    private final List<Segment> segments;
    private final List<Long> checkpoints;
    private final MetadataFile metadata;

    private GoLogDirectory(Path dir, List<Segment> segments, List<Long> checkpoints, MetadataFile metadata) {
        this.dir = dir;
        this.segments = segments;
        this.checkpoints = checkpoints;
        this.metadata = metadata;
    }

    /**
     * Lists a Go log directory.
     *
     * @throws GoWalException if {@code dir} is not a Go log directory (no segment file, or a file a Go
     *     log does not hold), holds an interrupted truncation, or a checkpoint marker is malformed
     */
    static GoLogDirectory open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new GoWalException("not a directory", dir, -1, 0);
        }
        List<Segment> segments = new ArrayList<>();
        List<Path> strangers = new ArrayList<>();
        for (Path path : list(dir)) {
            String name = path.getFileName().toString();
            if (SEGMENT.matcher(name).matches() && Files.isRegularFile(path)) {
                segments.add(new Segment(path, segmentLsn(path, name), size(path)));
            } else if (INTERRUPTED_TRUNCATION.matcher(name).matches()) {
                throw new GoWalException(
                        "a truncation of the Go log was interrupted and left this file; tidwall's"
                                + " own open would finish it by writing to the directory, which an import never does: run"
                                + " the Go node once on the log, or import a copy that it has opened",
                        path,
                        -1,
                        0);
            } else if (!name.equals(METADATA_FILE) && !name.equals(CHECKPOINT_DIR)) {
                strangers.add(path);
            }
        }
        if (segments.isEmpty()) {
            Path nested = dir.resolve("wal");
            String hint = Files.isDirectory(nested) && !list(nested).isEmpty() ? " (did you mean " + nested + "?)" : "";
            throw new GoWalException(
                    "not a Go log directory: no segment file (a name of 20 digits, the LSN of" + " its first record)"
                            + hint,
                    dir,
                    -1,
                    0);
        }
        if (!strangers.isEmpty()) {
            throw new GoWalException(
                    "not a Go log directory: it holds " + strangers.get(0).getFileName()
                            + (strangers.size() > 1 ? " and " + (strangers.size() - 1) + " more files" : "")
                            + " beside its segments, which a Go log never does",
                    dir,
                    -1,
                    0);
        }
        segments.sort(Comparator.comparingLong(Segment::firstLsn));
        return new GoLogDirectory(
                dir,
                List.copyOf(segments),
                readCheckpoints(dir.resolve(CHECKPOINT_DIR)),
                readMetadata(dir.resolve(METADATA_FILE)));
    }

    private static long segmentLsn(Path path, String name) {
        try {
            long lsn = Long.parseLong(name);
            if (lsn >= 1) {
                return lsn;
            }
        } catch (NumberFormatException e) {
            // beyond a long: refused below
        }
        throw new GoWalException("a segment name must be an LSN from 1 to " + Long.MAX_VALUE, path, -1, 0);
    }

    private static List<Long> readCheckpoints(Path checkpointDir) {
        if (!Files.isDirectory(checkpointDir)) {
            return List.of();
        }
        List<Long> lsns = new ArrayList<>();
        for (Path marker : list(checkpointDir)) {
            Matcher name = MARKER.matcher(marker.getFileName().toString());
            if (!name.matches() || !Files.isRegularFile(marker)) {
                throw new GoWalException("not a checkpoint marker (lsn_ and 20 digits)", marker, -1, 0);
            }
            long named = parseLsn(name.group(1), marker, "its name");
            String content;
            try {
                content = Files.readString(marker, StandardCharsets.US_ASCII).strip();
            } catch (IOException e) {
                throw new GoWalException("cannot read the checkpoint marker: " + e.getMessage(), marker, -1, named, e);
            }
            if (parseLsn(content, marker, "its content") != named) {
                throw new GoWalException(
                        "the checkpoint marker holds LSN '" + content + "', its name says " + named, marker, -1, named);
            }
            lsns.add(named);
        }
        lsns.sort(null);
        return List.copyOf(lsns);
    }

    private static long parseLsn(String text, Path marker, String what) {
        try {
            long lsn = Long.parseLong(text);
            if (lsn >= 0) {
                return lsn;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new GoWalException(
                "the checkpoint marker's LSN in " + what + " is not a number: '" + text + "'", marker, -1, 0);
    }

    /** Never fails: the file is rewritten in place and not fsynced, so after a crash it may be anything. */
    private static MetadataFile readMetadata(Path file) {
        if (!Files.exists(file)) {
            return MetadataFile.unreadable("there is no " + METADATA_FILE);
        }
        try {
            JsonElement parsed = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            if (!parsed.isJsonObject()) {
                return MetadataFile.unreadable(METADATA_FILE + " is not a JSON object");
            }
            JsonObject object = parsed.getAsJsonObject();
            return new MetadataFile(
                    number(object, "current_lsn"),
                    number(object, "last_flushed_lsn"),
                    number(object, "last_updated"),
                    null);
        } catch (IOException
                | JsonParseException
                | IllegalStateException
                | NumberFormatException
                | UnsupportedOperationException e) {
            return MetadataFile.unreadable(METADATA_FILE + " does not parse: " + e.getMessage());
        }
    }

    private static long number(JsonObject object, String key) {
        JsonElement value = object.get(key);
        if (value == null
                || !value.isJsonPrimitive()
                || !value.getAsJsonPrimitive().isNumber()) {
            throw new IllegalStateException("no number '" + key + "'");
        }
        return Long.parseLong(value.getAsString());
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> paths = Files.list(dir)) {
            return paths.sorted().toList();
        } catch (IOException e) {
            throw new GoWalException("cannot list the directory: " + e, dir, -1, 0, e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new GoWalException("cannot read the size: " + e, file, -1, 0, e);
        }
    }

    Path dir() {
        return dir;
    }

    /** The segment files in LSN order, at least one. */
    List<Segment> segments() {
        return segments;
    }

    /** The LSNs of the checkpoint markers, ascending. */
    List<Long> checkpoints() {
        return checkpoints;
    }

    MetadataFile metadata() {
        return metadata;
    }

    /** Bytes of every segment together. */
    long segmentBytes() {
        return segments.stream().mapToLong(Segment::bytes).sum();
    }
}
