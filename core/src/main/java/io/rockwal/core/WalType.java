package io.rockwal.core;

import java.util.List;
import java.util.Objects;

/**
 * The type of a log entry, identified by a stable name such as {@code wal:headersync}.
 *
 * <p>The name is an on-disk identifier: the stores keep each type's entries under its name, so a
 * name must never change once entries of that type have been written. Two {@code WalType}s are equal
 * when their names are equal.
 *
 * <p>A name is 1 to {@value #MAX_NAME_LENGTH} characters from {@code [A-Za-z0-9:._/-]}. The name
 * {@code default} and every name starting with {@value #RESERVED_PREFIX} are reserved for the stores'
 * own bookkeeping.
 */
public final class WalType implements Comparable<WalType> {

    /** Longest accepted name. */
    public static final int MAX_NAME_LENGTH = 128;

    /** Names starting with this prefix are reserved for the stores. */
    public static final String RESERVED_PREFIX = "rockwal:";

    /** Header sync pages ({@code HeaderSyncResponse}). */
    public static final WalType HEADER_SYNC = new WalType("wal:headersync");
    /** Merkle snapshot messages ({@code MerkleMessage}). */
    public static final WalType MERKLE_SYNC = new WalType("wal:merklesync");
    /** Prior sync messages ({@code PriorSyncMessage}). */
    public static final WalType PRIOR_SYNC = new WalType("wal:priorsync");
    /** Non-header block data pages ({@code DataSyncResponse}). */
    public static final WalType DATA_SYNC = new WalType("wal:datasync");
    /** Account reconciliation, single or batched. */
    public static final WalType RECONCILIATION = new WalType("wal:reconciliation");
    /** Finalised blocks collected during the PoTS window. */
    public static final WalType POTS = new WalType("wal:pots");
    /** Pages of missing accounts ({@code AccountSyncResponse}). */
    public static final WalType ACCOUNT_SYNC = new WalType("wal:accountsync");

    private static final List<WalType> STANDARD =
            List.of(HEADER_SYNC, MERKLE_SYNC, PRIOR_SYNC, DATA_SYNC, RECONCILIATION, POTS, ACCOUNT_SYNC);

    private final String name;

    private WalType(String name) {
        this.name = name;
    }

    /**
     * Returns the type with the given name: one of the constants for a standard name, a new custom
     * type otherwise.
     *
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if the name is empty, too long, holds a character outside
     *     {@code [A-Za-z0-9:._/-]}, or is reserved; the message quotes the name
     */
    public static WalType of(String name) {
        Objects.requireNonNull(name, "WAL type name");
        for (WalType standard : STANDARD) {
            if (standard.name.equals(name)) {
                return standard;
            }
        }
        String problem = problemWith(name);
        if (problem != null) {
            throw new IllegalArgumentException("invalid WAL type name '" + printable(name) + "': " + problem);
        }
        return new WalType(name);
    }

    /** The seven types of the original log, in a fixed order. */
    public static List<WalType> standardTypes() {
        return STANDARD;
    }

    /** The stable name, for example {@code wal:headersync}. */
    public String name() {
        return name;
    }

    /** Whether this is one of the seven types of the original log. */
    public boolean isStandard() {
        return STANDARD.contains(this);
    }

    @Override
    public int compareTo(WalType other) {
        return name.compareTo(other.name);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WalType that && name.equals(that.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }

    private static String problemWith(String name) {
        if (name.isEmpty()) {
            return "it is empty";
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return "it is " + name.length() + " characters long, the limit is " + MAX_NAME_LENGTH;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == ':'
                    || c == '.'
                    || c == '_'
                    || c == '/'
                    || c == '-';
            if (!allowed) {
                return "character " + i + " is not one of [A-Za-z0-9:._/-]";
            }
        }
        if (name.equals("default") || name.startsWith(RESERVED_PREFIX)) {
            return "the name is reserved for the store";
        }
        return null;
    }

    private static String printable(String name) {
        String cut = name.length() > MAX_NAME_LENGTH ? name.substring(0, MAX_NAME_LENGTH) + "..." : name;
        StringBuilder out = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return out.toString();
    }
}
