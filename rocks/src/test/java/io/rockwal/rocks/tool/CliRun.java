package io.rockwal.rocks.tool;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * One run of the tool in this process, with its exit status and what it wrote.
 *
 * @param status the exit status
 * @param out what it printed on stdout
 * @param err what it printed on stderr
 */
record CliRun(int status, String out, String err) {

    static CliRun of(String... args) {
        return of(StopRequest.manual(), args);
    }

    static CliRun of(StopRequest stop, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = RockwalCli.run(args, new PrintWriter(out), new PrintWriter(err), Terminals.NONE, stop);
        return new CliRun(status, out.toString(), err.toString());
    }

    /** stdout's lines. */
    String[] lines() {
        return out.isEmpty() ? new String[0] : out.split("\n");
    }
}
