package dev.sluice.standalone.proxy;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Runs the real command-line clients (curl, nghttp, h2load, openssl) and nginx for the end-to-end tests. */
public final class Cli {
    private Cli() {
    }

    /** What a command printed and how it ended. */
    record Result(int exit, byte[] out, String err) {
        String text() {
            return new String(out, StandardCharsets.UTF_8);
        }
    }

    /**
     * Waits up to 10 s until the server child {@code process} ({@code name}, logging to {@code log})
     * accepts connections on loopback {@code port}; fails with its log when it exits first.
     */
    public static void awaitListening(Process process, int port, Path log, String name) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited: " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
        throw new IllegalStateException(name + " did not listen on " + port);
    }

    /** Stops a server child process: politely, then by force after 5 s. */
    public static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Whether {@code binary} is on the PATH (or one of the usual sbin folders). */
    public static boolean available(String binary) {
        return locate(binary) != null;
    }

    public static String locate(String binary) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin" + File.pathSeparator + "/sbin";
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, binary);
            if (!dir.isEmpty() && Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    /** Runs {@code command} to its end (failing the test past {@code timeout}), with stdin from {@code stdin} if given. */
    static Result run(Duration timeout, Path stdin, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("cli-out", ".bin");
        Path err = Files.createTempFile("cli-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            if (stdin != null) {
                pb.redirectInput(stdin.toFile());
            } else {
                pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            }
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                fail(command.get(0) + " did not finish within " + timeout + ": " + Files.readString(err));
            }
            return new Result(p.exitValue(), Files.readAllBytes(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static Result run(List<String> command) throws IOException, InterruptedException {
        return run(Duration.ofSeconds(20), null, command);
    }

    /** Runs Debian's openssl (CI installs it) with {@code args}, failing the test with its message when it fails. */
    static void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Result r = run(command);
        if (r.exit() != 0) {
            fail(String.join(" ", command) + ": " + r.err());
        }
    }
}
