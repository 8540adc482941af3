package dev.sluice.connector;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends the spool's lines to the console, batch by batch, on a thread of its own, and moves the
 * spool's cursor past each batch the console accepted (2xx). What the console answers decides:
 *
 * <ul>
 *   <li>413: the batch is halved and sent again; a single event too large for the console is dropped;</li>
 *   <li>400, 415, 422: the console will never take this batch; it is dropped (counted) so that one
 *       bad batch does not stop every later event;</li>
 *   <li>anything else (401, 403, 404, 429, 5xx, a timeout, no connection): the batch stays and is
 *       sent again after a backoff, so a wrong key or URL loses nothing while it is being fixed.</li>
 * </ul>
 */
final class EventShipper extends Worker {
    private final EventSpool spool;
    private final ConsoleHttp http;
    private final ConsoleSettings settings;
    private final Backoff backoff;
    private final ConnectorLog log;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private int batchEvents;

    EventShipper(EventSpool spool, ConsoleHttp http, ConsoleSettings settings, Backoff backoff, ConnectorLog log) {
        super("sluice-console-events");
        this.spool = spool;
        this.http = http;
        this.settings = settings;
        this.backoff = backoff;
        this.log = log;
        this.batchEvents = settings.batchEvents();
    }

    @Override
    void round() throws InterruptedException {
        try {
            SpoolBatch batch = spool.next(batchEvents, settings.batchBytes());
            if (batch == null) {
                spool.awaitAppend(1, TimeUnit.SECONDS);
                return;
            }
            ship(batch);
        } catch (IOException | RuntimeException e) {
            // The spool itself failed (disk): wait and try again; the events are still on disk.
            failures.incrementAndGet();
            log.problem("spool", "the spool cannot be read (" + ConnectorLog.describe(e) + "); retrying");
            pause(backoff.next(null));
        }
    }

    private void ship(SpoolBatch batch) throws IOException, InterruptedException {
        ConsoleHttp.Answer answer;
        try {
            answer = http.postEvents(batch);
        } catch (IOException e) {
            failed("unreachable", "events cannot be sent (" + ConnectorLog.describe(e) + "); they wait in the spool",
                    null);
            return;
        }
        int status = answer.status();
        if (answer.ok()) {
            spool.commit(batch);
            sent.addAndGet(batch.count());
            backoff.reset();
            batchEvents = settings.batchEvents();
            log.recovered("unreachable", "events are sent again");
            log.recovered("refused", "events are accepted again");
            return;
        }
        if (status == 413 && batch.count() > 1) {
            batchEvents = Math.max(1, batch.count() / 2);
            return;
        }
        if (status == 413 || status == 400 || status == 415 || status == 422) {
            spool.commit(batch);
            rejected.addAndGet(batch.count());
            log.info("the console rejected " + batch.count() + " events with HTTP " + status + "; they are dropped");
            return;
        }
        failed("refused", "the console answers HTTP " + status + " to events"
                + (status == 401 || status == 403 ? " (check the API key)" : "") + "; they wait in the spool",
                answer.retryAfter());
    }

    private void failed(String kind, String message, Duration retryAfter) {
        failures.incrementAndGet();
        log.problem(kind, message);
        pause(backoff.next(retryAfter));
    }

    /** Events the console accepted. */
    long sent() {
        return sent.get();
    }

    /** Events the console refused for good (400, 413, 415, 422), dropped. */
    long rejected() {
        return rejected.get();
    }

    /** Calls that failed and will be retried. */
    long failures() {
        return failures.get();
    }
}
