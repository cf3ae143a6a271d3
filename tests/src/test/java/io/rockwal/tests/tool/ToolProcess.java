package io.rockwal.tests.tool;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the built tool as a process, {@code java -jar ../rocks/target/rockwal.jar ...}, as a user would.
 *
 * @param status the exit status
 * @param out stdout
 * @param err stderr
 */
record ToolProcess(int status, String out, String err) {

    /** The fat jar the rocks module builds; this module depends on rocks, so it is built first. */
    static final Path JAR =
            Path.of("..", "rocks", "target", "rockwal.jar").toAbsolutePath().normalize();

    static final String JAVA = ProcessHandle.current().info().command().orElse("java");

    static void requireJar() {
        assertThat(Files.isRegularFile(JAR))
                .as("%s exists (build the rocks module first: mvn install -pl rocks)", JAR)
                .isTrue();
    }

    /** Starts the tool without waiting for it. */
    static Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString()));
        command.addAll(Arrays.asList(args));
        return new ProcessBuilder(command).start();
    }

    /** Runs the tool to its end (at most a minute). */
    static ToolProcess run(String... args) throws Exception {
        Process process = start(args);
        process.getOutputStream().close();
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("rockwal %s finished", List.of(args))
                .isTrue();
        return new ToolProcess(process.exitValue(), out.get(), err.get());
    }

    static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try (stream) {
                        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                task -> new Thread(task, "tool-output").start());
    }

    JsonObject json() {
        return JsonParser.parseString(out).getAsJsonObject();
    }

    List<JsonObject> jsonLines() {
        return out.lines()
                .map(line -> JsonParser.parseString(line).getAsJsonObject())
                .toList();
    }

    List<Long> lsns() {
        return jsonLines().stream().map(line -> line.get("lsn").getAsLong()).toList();
    }
}
