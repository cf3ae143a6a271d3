package io.rockwal.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The contract every decoder keeps on untrusted bytes, checked by the fuzz targets: it returns, or it
 * throws one of its documented exceptions with a message; it never throws a programming error
 * (null pointer, index out of bounds, negative array size, class cast, out of memory, stack overflow),
 * not even wrapped as a cause; and what it allocates is bounded by the input's length.
 */
public final class DecoderContract {

    /** Bytes any decode may allocate whatever its input, for exception objects, stack traces and messages. */
    public static final long FIXED_ALLOCATION_BYTES = 4L << 20;

    /** Bytes a decode may allocate per input byte on top: a 10-byte input must not cost megabytes. */
    public static final long ALLOCATION_BYTES_PER_INPUT_BYTE = 256;

    private static final List<Class<? extends Throwable>> PROGRAMMING_ERRORS = List.of(
            NullPointerException.class,
            IndexOutOfBoundsException.class,
            NegativeArraySizeException.class,
            ClassCastException.class,
            ArithmeticException.class,
            OutOfMemoryError.class,
            StackOverflowError.class);

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private DecoderContract() {}

    /**
     * Runs {@code decode} on {@code input} and checks the contract. Returns the decoded result, or null if
     * the decoder refused the input with one of the {@code documented} exceptions.
     */
    @SafeVarargs
    public static <T> T decode(
            String decoder, byte[] input, Supplier<T> decode, Class<? extends Throwable>... documented) {
        long before = allocatedBytes();
        T result = decodeUnbounded(decoder, input, decode, documented);
        if (allocatedBytes() - before > bound(input)) {
            // The first call may load and initialise classes; only a decode that allocates too much again counts.
            before = allocatedBytes();
            decodeUnbounded(decoder, input, decode, documented);
            checkAllocation(decoder, input, before);
        }
        return result;
    }

    /** As {@link #decode}, without the allocation bound: for calls that open a store. */
    @SafeVarargs
    public static <T> T decodeUnbounded(
            String decoder, byte[] input, Supplier<T> decode, Class<? extends Throwable>... documented) {
        try {
            return decode.get();
        } catch (Throwable thrown) {
            List<Class<?>> kinds = new ArrayList<>();
            for (Class<? extends Throwable> kind : documented) {
                kinds.add(kind);
            }
            checkRefusal(decoder, input, thrown, kinds);
            return null;
        }
    }

    private static void checkRefusal(String decoder, byte[] input, Throwable thrown, List<Class<?>> documented) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            for (Class<? extends Throwable> banned : PROGRAMMING_ERRORS) {
                if (banned.isInstance(t)) {
                    throw new AssertionError(
                            decoder + " threw " + t + " (in " + thrown + ") on " + describe(input), thrown);
                }
            }
        }
        if (documented.stream().noneMatch(type -> type.isInstance(thrown))) {
            throw new AssertionError(decoder + " threw undocumented " + thrown + " on " + describe(input), thrown);
        }
        assertThat(thrown.getMessage())
                .as("message of %s from %s", thrown, decoder)
                .isNotBlank();
    }

    private static void checkAllocation(String decoder, byte[] input, long before) {
        long allocated = allocatedBytes() - before;
        long bound = bound(input);
        if (allocated > bound) {
            fail(
                    "%s allocated %,d bytes for %s, more than the bound of %,d",
                    decoder, allocated, describe(input), bound);
        }
    }

    private static long bound(byte[] input) {
        return FIXED_ALLOCATION_BYTES + ALLOCATION_BYTES_PER_INPUT_BYTE * input.length;
    }

    private static long allocatedBytes() {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /** The input in hex, shortened, for failure messages. */
    public static String describe(byte[] input) {
        StringBuilder hex = new StringBuilder(input.length + " bytes ");
        for (int i = 0; i < Math.min(input.length, 64); i++) {
            hex.append(String.format("%02x", input[i]));
        }
        return input.length > 64 ? hex.append("...").toString() : hex.toString();
    }
}
