package io.rockwal.rocks.tool;

import io.rockwal.core.EventCatalog;
import io.rockwal.core.EventCatalogProvider;
import io.rockwal.core.EventCodec;
import io.rockwal.events.StandardEvents;
import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

/**
 * The catalogue the tool decodes with: rockwal's standard codecs, and those of every
 * {@link EventCatalogProvider} that {@link ServiceLoader} finds on the tool's own class path or on the
 * class path given at run time (jars and class directories separated by {@link File#pathSeparator},
 * and {@code DIR/*} for every jar in a directory, as {@code java -cp} reads them).
 *
 * <p>Everything wrong is refused with an {@link IllegalArgumentException} naming it: an entry that does
 * not exist or is neither a directory nor a jar, a provider that cannot be loaded or whose
 * {@code codecs()} throws, a codec the catalogue refuses (an id or an event class and type taken). The
 * class loader of the given class path is never closed: it lives as long as the command, whose codecs
 * may load classes from it while they decode.
 */
final class NodeCatalog {

    private NodeCatalog() {}

    /** The standard codecs and every provider's, for a class path ({@code ""} for none beyond the tool's). */
    static EventCatalog load(String classPath) {
        List<URL> urls = new ArrayList<>();
        for (String entry : classPath.split(Pattern.quote(File.pathSeparator), -1)) {
            if (!entry.isEmpty()) {
                urls.addAll(urls(entry));
            }
        }
        ClassLoader toolLoader = NodeCatalog.class.getClassLoader();
        ClassLoader loader = urls.isEmpty() ? toolLoader : new URLClassLoader(urls.toArray(URL[]::new), toolLoader);
        EventCatalog.Builder catalog = StandardEvents.catalog().toBuilder();
        Iterator<EventCatalogProvider> providers =
                ServiceLoader.load(EventCatalogProvider.class, loader).iterator();
        while (true) {
            EventCatalogProvider provider;
            try {
                if (!providers.hasNext()) {
                    return catalog.build();
                }
                provider = providers.next();
            } catch (ServiceConfigurationError e) {
                throw new IllegalArgumentException(
                        e.getMessage() + (e.getCause() == null ? "" : ": " + e.getCause()), e);
            }
            add(catalog, provider);
        }
    }

    private static void add(EventCatalog.Builder catalog, EventCatalogProvider provider) {
        String name = "event catalogue provider " + provider.getClass().getName();
        List<EventCodec<?>> codecs;
        try {
            codecs = provider.codecs();
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalArgumentException(name + " failed: " + e, e);
        }
        if (codecs == null) {
            throw new IllegalArgumentException(name + " returned null instead of its codecs");
        }
        for (EventCodec<?> codec : codecs) {
            if (codec == null) {
                throw new IllegalArgumentException(name + " lists a null codec");
            }
            try {
                catalog.add(codec);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
            } catch (RuntimeException | LinkageError e) {
                throw new IllegalArgumentException(
                        name + ": codec " + codec.getClass().getName() + " failed: " + e, e);
            }
        }
    }

    /** The URLs of one class path entry. */
    private static List<URL> urls(String entry) {
        if (entry.equals("*") || entry.endsWith(File.separator + "*")) {
            Path dir = Path.of(entry.substring(0, entry.length() - 1))
                    .toAbsolutePath()
                    .normalize();
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("class path entry " + entry + ": " + dir + " is not a directory");
            }
            List<URL> jars = new ArrayList<>();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (Path file : files) {
                    if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar")) {
                        jars.add(jar(file));
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "class path entry " + entry + ": cannot list " + dir + ": " + e.getMessage(), e);
            }
            jars.sort((a, b) -> a.toString().compareTo(b.toString()));
            return jars;
        }
        Path path = Path.of(entry).toAbsolutePath().normalize();
        if (Files.isDirectory(path)) {
            return List.of(url(path));
        }
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("class path entry " + path + " does not exist");
        }
        return List.of(jar(path));
    }

    /** The URL of a jar, after checking that it is one: URLClassLoader would skip a broken jar without a word. */
    private static URL jar(Path path) {
        try (JarFile jar = new JarFile(path.toFile())) {
            jar.getManifest(); // opening it reads the central directory; this reads the manifest, if any
            return url(path);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "class path entry " + path + " is neither a directory nor a jar: " + e.getMessage(), e);
        }
    }

    private static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("class path entry " + path + " has no URL: " + e.getMessage(), e);
        }
    }
}
