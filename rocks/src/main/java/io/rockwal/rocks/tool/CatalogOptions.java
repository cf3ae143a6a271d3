package io.rockwal.rocks.tool;

import io.rockwal.core.EventCatalog;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The option of every command that decodes payloads: where the node's own codecs are, so that its types
 * are decoded too ({@link NodeCatalog}).
 */
final class CatalogOptions {

    /** The environment variable that gives the class path when {@code --class-path} does not. */
    static final String ENVIRONMENT = "ROCKWAL_CLASSPATH";

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(
            names = "--class-path",
            paramLabel = "PATH",
            defaultValue = "${env:" + ENVIRONMENT + "}",
            description = "The node's jars and class directories, separated by ':' (DIR/* for every jar in "
                    + "DIR): the providers they name in META-INF/services/io.rockwal.core.EventCatalogProvider add "
                    + "the node's codecs to the standard ones, so that its own types are decoded. Default: the "
                    + "environment variable " + ENVIRONMENT + ".")
    private String classPath;

    private EventCatalog catalog;

    /**
     * The standard codecs and the node's; loaded once.
     *
     * @throws ParameterException (a usage error) naming the class path entry or the provider that is wrong
     */
    EventCatalog catalog() {
        if (catalog == null) {
            try {
                catalog = NodeCatalog.load(classPath == null ? "" : classPath);
            } catch (IllegalArgumentException e) {
                String source = command.commandLine().getParseResult().hasMatchedOption("--class-path")
                        ? "--class-path"
                        : ENVIRONMENT;
                throw new ParameterException(command.commandLine(), source + ": " + e.getMessage(), e);
            }
        }
        return catalog;
    }
}
