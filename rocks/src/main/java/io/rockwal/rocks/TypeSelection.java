package io.rockwal.rocks;

import java.util.List;

/**
 * Which type column families a read covers: every type of the store, or one. Only a read over every
 * type can check contiguity (format invariant 4), since only all types together hold every LSN.
 *
 * @param columns the column families read
 * @param allTypes whether they are all of the store's
 */
record TypeSelection(List<TypeColumn> columns, boolean allTypes) {

    /** A type the store has no column family for: nothing to read. */
    static final TypeSelection NONE = new TypeSelection(List.of(), false);

    TypeSelection {
        columns = List.copyOf(columns);
    }

    static TypeSelection all(List<TypeColumn> columns) {
        return new TypeSelection(columns, true);
    }

    static TypeSelection one(TypeColumn column) {
        return new TypeSelection(List.of(column), false);
    }

    /** Whether a buffered entry of this column belongs to the selection. */
    boolean includes(TypeColumn column) {
        return allTypes || columns.contains(column);
    }
}
