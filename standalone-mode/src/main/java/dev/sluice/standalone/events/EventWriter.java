package dev.sluice.standalone.events;

import dev.sluice.standalone.config.EventsOutput;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes events to standard output or a file, one JSON line each, from a single thread of its
 * own. {@link #submit} never waits: it puts the event in a bounded queue, or counts it as dropped
 * when the queue is full (the writer fell behind: a slow disk, a blocked pipe). Each line is
 * encoded whole, and a batch of lines is handed to the output in one write and flushed, so a
 * reader never sees half a line; a file is opened for appending. A write that fails is counted and
 * reported once on standard error (the exception's type and message, never the event), and
 * writing goes on with the next event.
 *
 * <p>After a batch that emptied the queue, the writer lingers {@value #LINGER_MILLIS} ms before
 * it looks again (unless the queue is already a quarter full): events then reach the output in batches
 * of a few dozen at a busy proxy, one write each, and a request thread that queues an event
 * finds no sleeping writer to wake. Woken per event, the writer cost 20 µs of CPU per event
 * (futex wake-ups on both sides, one write per line) in the ext_proc benchmark.
 */
public final class EventWriter implements AutoCloseable {
    private static final int BATCH = 256;
    static final long LINGER_MILLIS = 10;
    private static final long CLOSE_WAIT_MILLIS = 5_000;

    private final OutputStream out;
    private final boolean closeOut;
    private final BlockingQueue<ExchangeEvent> queue;
    private final int capacity;
    private final Thread thread;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final PrintStream errors;
    private volatile boolean failureReported;

    private EventWriter(OutputStream out, boolean closeOut, int capacity, PrintStream errors) {
        this.out = Objects.requireNonNull(out, "out");
        this.closeOut = closeOut;
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.capacity = capacity;
        this.errors = errors;
        this.thread = Thread.ofPlatform().daemon().name("sluice-events").unstarted(this::run);
        thread.start();
    }

    /** A writer to {@code output}: standard output, or the file opened for appending (created if missing). */
    public static EventWriter open(EventsOutput output, int capacity) throws IOException {
        if (output.isStdout()) {
            return new EventWriter(System.out, false, capacity, System.err);
        }
        return new EventWriter(new FileOutputStream(output.file().toFile(), true), true, capacity, System.err);
    }

    /** A writer to {@code out}, closed with this writer when {@code closeOut}. */
    public static EventWriter to(OutputStream out, boolean closeOut, int capacity) {
        return new EventWriter(out, closeOut, capacity, System.err);
    }

    /** Queues {@code event}; false (and counted as dropped) when the queue is full or the writer closed. */
    public boolean submit(ExchangeEvent event) {
        Objects.requireNonNull(event, "event");
        if (closed.get() || !queue.offer(event)) {
            dropped.incrementAndGet();
            return false;
        }
        return true;
    }

    /** Events written so far. */
    public long written() {
        return written.get();
    }

    /** Events not written because the queue was full or the writer closed. */
    public long dropped() {
        return dropped.get();
    }

    /** Events whose write failed. */
    public long failed() {
        return failed.get();
    }

    private void run() {
        List<ExchangeEvent> batch = new ArrayList<>(BATCH);
        ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
        ByteArrayOutputStream lines = new ByteArrayOutputStream(64 * 1024);
        while (true) {
            ExchangeEvent first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                first = null;
                closed.set(true);
            }
            if (first == null) {
                if (closed.get() && queue.isEmpty()) {
                    return;
                }
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, BATCH - 1);
            lines.reset();
            int encoded = 0;
            for (ExchangeEvent e : batch) {
                encoded += encode(e, line, lines) ? 1 : 0;
            }
            deliver(lines, encoded);
            boolean drained = batch.size() < BATCH;
            batch.clear();
            if (lines.size() > 1024 * 1024) {
                lines = new ByteArrayOutputStream(64 * 1024); // one batch of huge events does not stay
            }
            if (drained && !closed.get()) {
                linger();
            }
        }
    }

    /** Waits {@link #LINGER_MILLIS} unless the queue is already a quarter full; {@link #close} cuts it short. */
    private void linger() {
        if (queue.size() < capacity / 4) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS));
        }
    }

    /** Appends {@code e}'s line to {@code lines}; false (counted as failed) when it cannot be encoded. */
    private boolean encode(ExchangeEvent e, ByteArrayOutputStream line, ByteArrayOutputStream lines) {
        line.reset();
        try {
            EventJson.write(e, line);
            line.write('\n');
            line.writeTo(lines);
            return true;
        } catch (IOException | RuntimeException ex) {
            failed.incrementAndGet();
            reportOnce(ex);
            return false;
        }
    }

    /**
     * Hands a batch's lines to the output in one write and flushes: a file stream writes, and
     * standard output (a PrintStream that flushes on every write) flushes, once per call, so one
     * call per batch rather than per line. A failed write fails the batch's events.
     */
    private void deliver(ByteArrayOutputStream lines, int count) {
        if (count == 0) {
            return;
        }
        try {
            lines.writeTo(out);
            out.flush();
            written.addAndGet(count);
        } catch (IOException | RuntimeException ex) {
            failed.addAndGet(count);
            reportOnce(ex);
        }
    }

    private void reportOnce(Exception ex) {
        if (!failureReported) {
            failureReported = true;
            errors.println("sluice: the event log cannot be written (" + ex.getClass().getSimpleName()
                    + (ex.getMessage() == null ? "" : ": " + ex.getMessage()) + "); failed events are counted");
        }
    }

    /**
     * Stops taking events, writes those queued (waiting up to 5 s for the output), and closes a
     * file. Events still queued after that are counted as dropped.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LockSupport.unpark(thread);
        try {
            thread.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
        dropped.addAndGet(queue.size());
        queue.clear();
        if (closeOut && !thread.isAlive()) {
            try {
                out.close();
            } catch (IOException ex) {
                reportOnce(ex);
            }
        }
    }

    @Override
    public String toString() {
        return "EventWriter[written=" + written + ", dropped=" + dropped + ", failed=" + failed + ", queued="
                + queue.size() + "]";
    }
}
