package io.rockwal.rocks.tool;

import static org.assertj.core.api.Assertions.assertThat;

import io.rockwal.core.Event;
import io.rockwal.core.EventCatalog;
import io.rockwal.core.EventCatalogProvider;
import io.rockwal.events.StandardEvents;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A node's own event type, its codec and its {@link EventCatalogProvider}, compiled from source while
 * the test runs and packed into a jar, as a node team would ship them: nothing of it is on the test's
 * class path. The event is {@code com.example.node.PeerScore}, a record of type {@code peer:score}
 * written by codec {@value #CODEC_ID}.
 */
final class NodeJar {

    static final int CODEC_ID = 1000;
    static final String PROVIDER = "com.example.node.NodeEvents";
    static final String EVENT = "com.example.node.PeerScore";

    static final String PEER_SCORE = """
            package com.example.node;

            import io.rockwal.core.Event;
            import io.rockwal.core.Operation;
            import io.rockwal.core.WalType;
            import java.util.List;

            public record PeerScore(String peer, long score, int strikes, byte[] key, List<String> tags) implements Event {
                public static final WalType TYPE = WalType.of("peer:score");

                public WalType type() {
                    return TYPE;
                }

                public Operation operation() {
                    return Operation.UPDATE;
                }
            }
            """;

    static final String PEER_SCORE_CODEC = """
            package com.example.node;

            import io.rockwal.core.EventCodec;
            import io.rockwal.core.EventCodecException;
            import io.rockwal.core.WalEntry;
            import io.rockwal.core.WalType;
            import java.io.*;
            import java.util.ArrayList;
            import java.util.List;

            public final class PeerScoreCodec implements EventCodec<PeerScore> {
                public int id() {
                    return %d;
                }

                public WalType type() {
                    return PeerScore.TYPE;
                }

                public Class<PeerScore> eventClass() {
                    return PeerScore.class;
                }

                public byte[] encode(PeerScore event) {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    try (DataOutputStream out = new DataOutputStream(bytes)) {
                        out.writeUTF(event.peer());
                        out.writeLong(event.score());
                        out.writeInt(event.strikes());
                        out.writeShort(event.key().length);
                        out.write(event.key());
                        out.writeShort(event.tags().size());
                        for (String tag : event.tags()) {
                            out.writeUTF(tag);
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return bytes.toByteArray();
                }

                public PeerScore decode(WalEntry entry) {
                    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(entry.payload()))) {
                        String peer = in.readUTF();
                        long score = in.readLong();
                        int strikes = in.readInt();
                        byte[] key = in.readNBytes(in.readUnsignedShort());
                        List<String> tags = new ArrayList<>();
                        for (int i = in.readUnsignedShort(); i > 0; i--) {
                            tags.add(in.readUTF());
                        }
                        return new PeerScore(peer, score, strikes, key, List.copyOf(tags));
                    } catch (IOException e) {
                        throw new EventCodecException("not a peer score", entry.type(), entry.lsn(), id(), e);
                    }
                }
            }
            """.formatted(CODEC_ID);

    static final String PROVIDER_SOURCE = """
            package com.example.node;

            import io.rockwal.core.EventCatalogProvider;
            import io.rockwal.core.EventCodec;
            import java.util.List;

            public final class NodeEvents implements EventCatalogProvider {
                public List<EventCodec<?>> codecs() {
                    return List.of(new PeerScoreCodec());
                }
            }
            """;

    private NodeJar() {}

    /** The node's jar: the event, its codec and its provider, in {@code dir}. */
    static Path build(Path dir) throws IOException {
        return build(
                dir,
                Map.of("PeerScore", PEER_SCORE, "PeerScoreCodec", PEER_SCORE_CODEC, "NodeEvents", PROVIDER_SOURCE));
    }

    /**
     * Compiles {@code sources} (simple class name to source, all in package {@code com.example.node}) into
     * {@code dir/classes}, names {@value #PROVIDER} in its META-INF/services, and packs it as {@code dir/node.jar}.
     */
    static Path build(Path dir, Map<String, String> sources) throws IOException {
        Path sourceDir = dir.resolve("src/com/example/node");
        Path classes = dir.resolve("classes");
        Files.createDirectories(sourceDir);
        Files.createDirectories(classes);
        List<String> arguments = new ArrayList<>(List.of(
                "-d",
                classes.toString(),
                "-classpath",
                System.getProperty("java.class.path"),
                "--release",
                "17",
                "-proc:none"));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = sourceDir.resolve(source.getKey() + ".java");
            Files.writeString(file, source.getValue());
            arguments.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        int status = javac.run(null, messages, messages, arguments.toArray(String[]::new));
        assertThat(status)
                .as("javac of the node's sources: %s", messages.toString(StandardCharsets.UTF_8))
                .isZero();
        Path services = classes.resolve("META-INF/services/" + EventCatalogProvider.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, PROVIDER + "\n");
        Path jar = dir.resolve("node.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(
                        new JarEntry(classes.relativize(file).toString().replace(File.separatorChar, '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    /** The catalogue a node using the jar opens its log with: the standard codecs and the jar's. */
    static EventCatalog catalog(Path jar) throws IOException {
        ClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, NodeJar.class.getClassLoader());
        EventCatalog.Builder catalog = StandardEvents.catalog().toBuilder();
        ServiceLoader.load(EventCatalogProvider.class, loader)
                .forEach(provider -> provider.codecs().forEach(catalog::add));
        return catalog.build();
    }

    /** A {@code PeerScore}, built through its record constructor from the jar's classes. */
    static Event peerScore(EventCatalog catalog, String peer, long score, int strikes, byte[] key, List<String> tags)
            throws ReflectiveOperationException {
        Class<?> type = catalog.codec(CODEC_ID).orElseThrow().eventClass();
        return (Event) type.getConstructors()[0].newInstance(peer, score, strikes, key, tags);
    }
}
