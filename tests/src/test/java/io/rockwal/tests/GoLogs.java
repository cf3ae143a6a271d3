package io.rockwal.tests;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Go logs built and taken apart in tidwall's binary format: for the importer's tests and its benchmark. */
public final class GoLogs {

    public static Path readOnlyCopy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths.sorted()::iterator) {
                Path copy = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy);
                }
            }
        }
        try (Stream<Path> paths = Files.walk(to)) {
            paths.forEach(path -> path.toFile().setWritable(false, false));
        }
        return to;
    }

    public static Map<String, byte[]> contents(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                files.put(
                        root.relativize(path).toString(),
                        Files.isDirectory(path) ? new byte[0] : Files.readAllBytes(path));
            }
        }
        return files;
    }

    /** A record framed: its length as an unsigned LEB128 varint, then its bytes. */
    public static byte[] frame(byte[] record) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        long length = record.length;
        do {
            int b = (int) (length & 0x7f);
            length >>>= 7;
            out.write(length != 0 ? b | 0x80 : b);
        } while (length != 0);
        out.writeBytes(record);
        return out.toByteArray();
    }

    public static List<byte[]> records(Path segment) throws IOException {
        return records(Files.readAllBytes(segment));
    }

    /** The records of a segment's bytes, in order. */
    public static List<byte[]> records(byte[] bytes) {
        List<byte[]> records = new ArrayList<>();
        int at = 0;
        while (at < bytes.length) {
            long length = 0;
            int shift = 0;
            int b;
            do {
                b = bytes[at++] & 0xff;
                length |= (long) (b & 0x7f) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            records.add(java.util.Arrays.copyOfRange(bytes, at, at + (int) length));
            at += (int) length;
        }
        return records;
    }

    static long offsetOf(List<byte[]> records, int index) {
        long offset = 0;
        for (int i = 0; i < index; i++) {
            offset += frame(records.get(i)).length;
        }
        return offset;
    }

    static Path write(Path dir, long firstLsn, List<byte[]> records) throws IOException {
        Files.createDirectories(dir);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] record : records) {
            out.writeBytes(frame(record));
        }
        Files.write(dir.resolve(String.format("%020d", firstLsn)), out.toByteArray());
        return dir;
    }

    /** The segment's records with their envelope LSNs renumbered from {@code firstLsn}. */
    static byte[] renumbered(byte[] segment, long firstLsn) throws IOException {
        Path scratch = Files.createTempFile("segment", "");
        try {
            Files.write(scratch, segment);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            long lsn = firstLsn;
            for (byte[] record : records(scratch)) {
                JsonObject envelope = JsonParser.parseString(new String(record, StandardCharsets.UTF_8))
                        .getAsJsonObject();
                envelope.addProperty("lsn", lsn++);
                out.writeBytes(frame(envelope.toString().getBytes(StandardCharsets.UTF_8)));
            }
            return out.toByteArray();
        } finally {
            Files.delete(scratch);
        }
    }

    static byte[] envelope(String type, long lsn, long timestamp, String eventJson) {
        return ("{\"type\":\"" + type + "\",\"data\":\""
                        + java.util.Base64.getEncoder().encodeToString(eventJson.getBytes(StandardCharsets.UTF_8))
                        + "\",\"lsn\":" + lsn + ",\"timestamp\":" + timestamp + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private GoLogs() {}
}
