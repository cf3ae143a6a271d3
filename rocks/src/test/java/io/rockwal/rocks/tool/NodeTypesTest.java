package io.rockwal.rocks.tool;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockwal.core.EventCatalog;
import io.rockwal.rocks.RocksEventLog;
import io.rockwal.rocks.RocksEventLogOptions;
import io.rockwal.rocks.RocksEventLogReader;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's own event type in the tool: decoded from a jar put on {@code --class-path} (or
 * ROCKWAL_CLASSPATH), and hex without it; and every kind of bad class path refused naming what is wrong.
 * The jar is compiled from source while the test runs ({@link NodeJar}).
 */
class NodeTypesTest {

    /** LSN 2 as get prints it with the node's jar: the envelope, then the record's components. */
    private static final String DECODED = "{\"lsn\":2,\"type\":\"peer:score\",\"operation\":\"UPDATE\","
            + "\"timestamp\":{\"iso\":\"2023-11-14T22:13:20.000Z\",\"epochMillis\":1700000000000},\"codec\":1000,"
            + "\"eventClass\":\"PeerScore\",\"payloadBytes\":36,\"event\":{\"peer\":\"alice \\u00e9\",\"score\":"
            + "\"9007199254740993\",\"strikes\":3,\"key\":\"00ff\",\"tags\":[\"a\",\"<b>\"]}}";

    @TempDir
    static Path node;

    private static Path jar;

    @TempDir
    Path dir;

    private Path store;

    @BeforeAll
    static void buildTheNodesJar() throws Exception {
        jar = NodeJar.build(node);
    }

    @BeforeEach
    void writeAStoreWithTheNodesType() throws Exception {
        EventCatalog catalog = NodeJar.catalog(jar);
        store = dir.resolve("store");
        InstantSource clock = InstantSource.fixed(Instant.ofEpochMilli(1_700_000_000_000L));
        try (RocksEventLog log = RocksEventLog.open(
                store,
                RocksEventLogOptions.builder().catalog(catalog).clock(clock).build())) {
            log.write(ToolFixtures.prior());
            log.write(NodeJar.peerScore(
                    catalog, "alice \u00e9", (1L << 53) + 1, 3, ToolFixtures.bytes(0x00, 0xff), List.of("a", "<b>")));
        }
    }

    @Test
    void getDecodesANodesOwnTypeWithItsJarOnTheClassPath() {
        CliRun run = CliRun.of("get", "2", "--compact", "--class-path", jar.toString(), "--dir", store.toString());
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(DECODED + "\n");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void withoutTheJarTheTypeIsShownInHex() {
        CliRun run = CliRun.of("get", "2", "--compact", "--dir", store.toString());
        assertThat(run.status()).isZero();
        var json = ToolFixtures.parse(run.out());
        assertThat(json.has("event")).isFalse();
        assertThat(json.get("notDecoded").getAsString()).contains("1000").contains("--class-path");
        assertThat(json.get("payload").getAsString()).startsWith("0008616c69636520c3a9");
    }

    @Test
    void replayDecodesItFromAClassDirectoryOrEveryJarOfADirectory() throws Exception {
        Path jars = Files.createDirectories(dir.resolve("lib"));
        Files.copy(jar, jars.resolve("node.jar"));
        Files.writeString(jars.resolve("README.txt"), "not a jar, and not named like one");
        for (String classPath : List.of(
                node.resolve("classes").toString(),
                jars + File.separator + "*",
                dir.resolve("elsewhere") + File.pathSeparator + jar)) {
            Files.createDirectories(dir.resolve("elsewhere"));
            CliRun run = CliRun.of("replay", "--class-path", classPath, "--dir", store.toString());
            assertThat(run.status()).as("%s: %s", classPath, run.err()).isZero();
            assertThat(run.lines()).as(classPath).hasSize(2);
            assertThat(run.lines()[1]).as(classPath).isEqualTo(DECODED);
        }
    }

    @Test
    void verifyDecodesTheNodesTypeTooAndServeShowsIt() throws Exception {
        CliRun without = CliRun.of("verify", "--dir", store.toString());
        assertThat(without.status()).isZero();
        assertThat(without.out()).contains("note: peer:score (codec 1000): 1 entry not decodable, unknown type");
        CliRun with = CliRun.of("verify", "--class-path", jar.toString(), "--dir", store.toString());
        assertThat(with.status()).as(with.err()).isZero();
        assertThat(with.out()).doesNotContain("not decodable").startsWith("clean: no problem");
        try (RocksEventLogReader reader = RocksEventLogReader.open(store)) {
            WebApi api = new WebApi(reader, NodeCatalog.load(jar.toString()));
            assertThat(JsonText.compact(api.entry("2", false))).isEqualTo(DECODED);
        }
    }

    @Test
    void theEnvironmentVariableGivesTheClassPathWhenTheOptionDoesNot() throws Exception {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                RockwalCli.class.getName(),
                "get",
                "2",
                "--compact",
                "--dir",
                store.toString()));
        ProcessBuilder child = new ProcessBuilder(command).redirectErrorStream(true);
        child.environment().put(CatalogOptions.ENVIRONMENT, jar.toString());
        Process process = child.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        assertThat(out).isEqualTo(DECODED + "\n");
    }

    @Test
    void theHelpOfEveryCommandThatDecodesNamesTheOptionAndTheVariable() {
        for (String command : List.of("get", "last", "replay", "tail", "serve", "verify")) {
            CliRun help = CliRun.of(command, "--help");
            assertThat(help.out()).as(command).contains("--class-path=PATH").contains(CatalogOptions.ENVIRONMENT);
        }
        assertThat(CliRun.of("stats", "--help").out()).doesNotContain("--class-path");
    }

    @Test
    void aClassPathEntryThatDoesNotExistIsAUsageErrorNamingIt() {
        Path missing = dir.resolve("no-such.jar");
        CliRun run =
                CliRun.of("get", "1", "--class-path", jar + File.pathSeparator + missing, "--dir", store.toString());
        assertThat(run.status()).isEqualTo(RockwalCli.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("rockwal get: --class-path: class path entry " + missing + " does not exist");
        CliRun noDirectory = CliRun.of(
                "replay", "--class-path", dir.resolve("no-lib") + File.separator + "*", "--dir", store.toString());
        assertThat(noDirectory.status()).isEqualTo(RockwalCli.USAGE);
        assertThat(noDirectory.err()).contains(dir.resolve("no-lib") + " is not a directory");
    }

    @Test
    void aFileThatIsNotAJarIsAUsageErrorNamingIt() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.jar"), "not a jar");
        CliRun run = CliRun.of("get", "1", "--class-path", text.toString(), "--dir", store.toString());
        assertThat(run.status()).isEqualTo(RockwalCli.USAGE);
        assertThat(run.err())
                .startsWith(
                        "rockwal get: --class-path: class path entry " + text + " is neither a directory nor a jar");
    }

    @Test
    void aProviderThatThrowsIsAUsageErrorNamingTheProviderAndWhatItThrew() throws Exception {
        Map<String, String> failing = Map.of(
                "in codecs()", """
                        package com.example.node;
                        public final class NodeEvents implements io.rockwal.core.EventCatalogProvider {
                            public java.util.List<io.rockwal.core.EventCodec<?>> codecs() {
                                throw new IllegalStateException("no configuration file");
                            }
                        }
                        """,
                "in its constructor", """
                        package com.example.node;
                        public final class NodeEvents implements io.rockwal.core.EventCatalogProvider {
                            public NodeEvents() {
                                throw new IllegalStateException("no configuration file");
                            }
                            public java.util.List<io.rockwal.core.EventCodec<?>> codecs() {
                                return java.util.List.of();
                            }
                        }
                        """);
        for (Map.Entry<String, String> provider : failing.entrySet()) {
            Path bad =
                    NodeJar.build(dir.resolve("bad " + provider.getKey()), Map.of("NodeEvents", provider.getValue()));
            CliRun run = CliRun.of("get", "1", "--class-path", bad.toString(), "--dir", store.toString());
            assertThat(run.status()).as(provider.getKey()).isEqualTo(RockwalCli.USAGE);
            assertThat(run.err())
                    .as(provider.getKey())
                    .startsWith("rockwal get: --class-path: ")
                    .contains(NodeJar.PROVIDER)
                    .contains("java.lang.IllegalStateException: no configuration file");
        }
    }

    @Test
    void aProviderWhoseCodecTakesAStandardIdIsAUsageErrorNamingBoth() throws Exception {
        String codec = NodeJar.PEER_SCORE_CODEC.replace("return " + NodeJar.CODEC_ID + ";", "return 5;");
        Path clash = NodeJar.build(
                dir.resolve("clash"),
                Map.of(
                        "PeerScore",
                        NodeJar.PEER_SCORE,
                        "PeerScoreCodec",
                        codec,
                        "NodeEvents",
                        NodeJar.PROVIDER_SOURCE));
        CliRun run = CliRun.of("get", "1", "--class-path", clash.toString(), "--dir", store.toString());
        assertThat(run.status()).isEqualTo(RockwalCli.USAGE);
        assertThat(run.err())
                .startsWith("rockwal get: --class-path: event catalogue provider " + NodeJar.PROVIDER
                        + ": codec id 5 is taken by the codec for io.rockwal.events.AccountSyncEvent");
    }
}
