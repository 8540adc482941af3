package dev.sluice.standalone.cli;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * Keeps a long-running command ({@code serve}, {@code demo}) alive until the process is asked to
 * stop, then closes what it runs from the shutdown hook, so SIGTERM drains in-flight exchanges
 * and the event log before the JVM exits.
 */
final class UntilStopped {
    private UntilStopped() {
    }

    static void await(AutoCloseable running, PrintStream err) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("sluice-shutdown").unstarted(() -> {
            err.println("sluice: stopping");
            try {
                running.close();
            } catch (Exception e) {
                err.println("sluice: stopping: " + e.getClass().getSimpleName());
            }
            stopped.countDown();
        }));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
