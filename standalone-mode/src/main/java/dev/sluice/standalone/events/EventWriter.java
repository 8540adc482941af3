package dev.sluice.standalone.events;

import dev.sluice.standalone.config.EventFileRotation;
import dev.sluice.standalone.config.EventsOutput;
import java.io.ByteArrayOutputStream;
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
 * own. {@link #submit} never waits: it encodes the event's line on the caller's thread and puts
 * it in a queue bounded in lines and in bytes, or counts the event as dropped when the queue is
 * full (the writer fell behind: a slow disk, a blocked pipe). A batch of lines is handed to the
 * output in one write and flushed, so a reader never sees half a line; a file is opened for
 * appending. A write that fails is counted and reported once on standard error (the exception's
 * type and message, never the event), and writing goes on with the next event.
 *
 * <p>Why the caller encodes: the event's strings (paths, hashes, previews) were made a moment
 * before on that thread and are still in its cache. Encoded on the writer thread up to
 * {@value #LINGER_MILLIS} ms later, after the proxy had gone through megabytes of other bodies,
 * every one of them was a cache miss: 35 µs of CPU for an event of 41 findings under load,
 * against about 6 µs encoded where it was built.
 *
 * <p>After a batch that emptied the queue, the writer lingers {@value #LINGER_MILLIS} ms before
 * it looks again (unless the queue is already a quarter full): events then reach the output in batches
 * of a few dozen at a busy proxy, one write each, and a request thread that queues an event
 * finds no sleeping writer to wake. Woken per event, the writer cost 20 µs of CPU per event
 * (futex wake-ups on both sides, one write per line) in the ext_proc benchmark.
 */
public final class EventWriter implements AutoCloseable {
    /** Also receives each batch of lines written (the console connector's spool). */
    @FunctionalInterface
    public interface Tap {
        void lines(byte[] buf, int off, int len, int count) throws IOException;
    }

    private static final int BATCH = 256;
    static final long LINGER_MILLIS = 10;
    private static final long CLOSE_WAIT_MILLIS = 5_000;
    /** Queued lines hold at most this many bytes together (an event of 256 findings reaches 100 KB). */
    static final long MAX_QUEUED_BYTES = 64L * 1024 * 1024;

    private final OutputStream out;
    private final boolean closeOut;
    private final BlockingQueue<byte[]> queue;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final int capacity;
    private final long maxQueuedBytes;
    private final Thread thread;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final PrintStream errors;
    private final Tap tap;
    private volatile boolean failureReported;
    private volatile boolean tapFailureReported;

    private EventWriter(OutputStream out, boolean closeOut, int capacity, long maxQueuedBytes, PrintStream errors,
                        Tap tap) {
        this.out = Objects.requireNonNull(out, "out");
        this.tap = tap;
        this.closeOut = closeOut;
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.capacity = capacity;
        this.maxQueuedBytes = maxQueuedBytes;
        this.errors = errors;
        this.thread = Thread.ofPlatform().daemon().name("sluice-events").unstarted(this::run);
        thread.start();
    }

    /**
     * A writer to {@code output}: standard output, or the file opened for appending (created if
     * missing) and rotated by {@link EventFileRotation#DEFAULT}.
     */
    public static EventWriter open(EventsOutput output, int capacity) throws IOException {
        return open(output, EventFileRotation.DEFAULT, capacity, null);
    }

    /**
     * As {@link #open(EventsOutput, int)}, a file rotated as {@code rotation} says ({@link EventFile}),
     * every batch also handed to {@code tap} (may be null).
     */
    public static EventWriter open(EventsOutput output, EventFileRotation rotation, int capacity, Tap tap)
            throws IOException {
        boolean stdout = output.isStdout();
        OutputStream out = stdout ? System.out : EventFile.open(output.file(), rotation, System.err);
        return new EventWriter(out, !stdout, capacity, MAX_QUEUED_BYTES, System.err, tap);
    }

    /** A writer to {@code out}, closed with this writer when {@code closeOut}. */
    public static EventWriter to(OutputStream out, boolean closeOut, int capacity) {
        return to(out, closeOut, capacity, MAX_QUEUED_BYTES);
    }

    /** As {@link #to(OutputStream, boolean, int)}, with queued lines bounded at {@code maxQueuedBytes}. */
    static EventWriter to(OutputStream out, boolean closeOut, int capacity, long maxQueuedBytes) {
        return new EventWriter(out, closeOut, capacity, maxQueuedBytes, System.err, null);
    }

    /**
     * Encodes {@code event} and queues its line; false when it is dropped (the queue is full in
     * lines or bytes, or the writer closed: counted as dropped) or cannot be encoded (counted as
     * failed).
     */
    public boolean submit(ExchangeEvent event) {
        Objects.requireNonNull(event, "event");
        if (closed.get()) {
            dropped.incrementAndGet();
            return false;
        }
        byte[] line;
        try {
            line = encode(event);
        } catch (IOException | RuntimeException ex) {
            failed.incrementAndGet();
            reportOnce(ex);
            return false;
        }
        if (queuedBytes.addAndGet(line.length) > maxQueuedBytes || !queue.offer(line)) {
            queuedBytes.addAndGet(-line.length);
            dropped.incrementAndGet();
            return false;
        }
        return true;
    }

    /** The event's line, line end included. */
    private static byte[] encode(ExchangeEvent e) throws IOException {
        // Sized for the event, so the buffer does not grow while the line is written.
        ByteArrayOutputStream line = new ByteArrayOutputStream(512 + 192 * e.findings().size());
        EventJson.write(e, line);
        line.write('\n');
        return line.toByteArray();
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
        List<byte[]> batch = new ArrayList<>(BATCH);
        ByteArrayOutputStream lines = new ByteArrayOutputStream(64 * 1024);
        while (true) {
            byte[] first;
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
            for (byte[] line : batch) {
                lines.write(line, 0, line.length);
                queuedBytes.addAndGet(-line.length);
            }
            deliver(lines, batch.size());
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

    /**
     * Hands a batch's lines to the output in one write and flushes: a file stream writes, and
     * standard output (a PrintStream that flushes on every write) flushes, once per call, so one
     * call per batch rather than per line. A failed write fails the batch's events.
     */
    private void deliver(ByteArrayOutputStream lines, int count) {
        try {
            lines.writeTo(out);
            out.flush();
            written.addAndGet(count);
        } catch (IOException | RuntimeException ex) {
            failed.addAndGet(count);
            reportOnce(ex);
        }
        if (tap != null) {
            // Whatever became of the output: the console's copy does not depend on stdout or the file.
            try {
                byte[] b = lines.toByteArray();
                tap.lines(b, 0, b.length, count);
            } catch (IOException | RuntimeException ex) {
                if (!tapFailureReported) {
                    tapFailureReported = true;
                    errors.println("sluice: events cannot be spooled for the console (" + ex.getClass().getSimpleName()
                            + "); they are still written to the event log");
                }
            }
        }
    }

    private void reportOnce(Exception ex) {
        if (!failureReported) {
            failureReported = true;
            errors.println("sluice: the event log cannot be written (" + EventFile.describe(ex)
                    + "); failed events are counted");
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
        queuedBytes.set(0);
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
