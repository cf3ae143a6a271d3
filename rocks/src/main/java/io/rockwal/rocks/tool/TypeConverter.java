package io.rockwal.rocks.tool;

import io.rockwal.core.WalType;
import picocli.CommandLine.ITypeConverter;

/**
 * Reads a {@code --type} argument: a type's full name ({@code wal:headersync}, or a node's own such as
 * {@code peer:score}), or a standard type's name without its {@code wal:} prefix ({@code headersync}).
 * An invalid name is a usage error.
 */
final class TypeConverter implements ITypeConverter<WalType> {

    static final String STANDARD_PREFIX = "wal:";

    @Override
    public WalType convert(String name) {
        for (WalType standard : WalType.standardTypes()) {
            if (standard.name().equals(name) || standard.name().equals(STANDARD_PREFIX + name)) {
                return standard;
            }
        }
        return WalType.of(name);
    }
}
