package dev.sluice.connector;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * A loop on a daemon thread of its own that {@link #close} stops: it is woken from a pause,
 * interrupted out of a call in flight, and waited for up to 5 s.
 */
abstract class Worker implements AutoCloseable {
    private final Thread thread;
    private volatile boolean running = true;

    Worker(String name) {
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this::loop);
    }

    final void start() {
        thread.start();
    }

    private void loop() {
        while (running) {
            try {
                round();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One turn of the loop; returns to be called again, throws InterruptedException to stop. */
    abstract void round() throws InterruptedException;

    /** Sleeps {@code d}, or less when the worker is closed. */
    final void pause(Duration d) {
        if (running) {
            LockSupport.parkNanos(d.toNanos());
        }
    }

    @Override
    public final void close() throws InterruptedException {
        running = false;
        LockSupport.unpark(thread);
        thread.interrupt();
        thread.join(5_000);
    }
}
