package dev.sluice.standalone.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** One in-process run of the {@code sluice} command line: its exit code and what it printed. */
record CliRun(int code, String out, String err) {

    /** Runs {@link Main#run} with {@code args}, capturing standard output and error as UTF-8. */
    static CliRun of(String... args) {
        return withInput(new byte[0], args);
    }

    /** As {@link #of}, with {@code input} as standard input. */
    static CliRun withInput(byte[] input, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new ByteArrayInputStream(input), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
