package io.rockwal.bench.jmh;

import io.rockwal.bench.Environment;
import java.nio.file.Path;

/** Prints the machine, then hands the arguments to JMH: every figure comes with what it ran on. */
public final class JmhMain {

    private JmhMain() {}

    public static void main(String[] args) throws Exception {
        System.out.println(Environment.describe(Path.of(".")));
        org.openjdk.jmh.Main.main(args);
    }
}
