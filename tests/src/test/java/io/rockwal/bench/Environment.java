package io.rockwal.bench;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** What a benchmark ran on, printed with every set of figures. */
public final class Environment {

    private Environment() {}

    /** Machine, JVM, RocksDB version, the disk holding {@code dir}, and the time. */
    public static String describe(Path dir) throws IOException {
        FileStore store = Files.getFileStore(dir);
        return String.format(
                Locale.ROOT,
                "machine: %s, %d cores, %.1f GiB RAM; %s %s; rocksdbjni %s; disk %s (%s), %.0f GiB free; %s",
                cpuModel(),
                Runtime.getRuntime().availableProcessors(),
                memTotalGiB(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"),
                org.rocksdb.RocksDB.class.getPackage().getImplementationVersion() == null
                        ? "11.8.1"
                        : org.rocksdb.RocksDB.class.getPackage().getImplementationVersion(),
                store.name(),
                store.type(),
                store.getUsableSpace() / 1073741824.0,
                Instant.now());
    }

    static String residentSize() {
        return procStatus("VmRSS:");
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            return System.getProperty("os.arch");
        }
        return System.getProperty("os.arch");
    }

    private static double memTotalGiB() {
        String total = procMemInfo("MemTotal:");
        return total.isEmpty() ? 0 : Long.parseLong(total.replaceAll("\\D", "")) / 1048576.0;
    }

    private static String procMemInfo(String key) {
        return grep(Path.of("/proc/meminfo"), key);
    }

    private static String procStatus(String key) {
        return grep(Path.of("/proc/self/status"), key);
    }

    private static String grep(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (String line : lines) {
                if (line.startsWith(key)) {
                    return line.substring(key.length()).trim();
                }
            }
        } catch (IOException e) {
            return "";
        }
        return "";
    }
}
