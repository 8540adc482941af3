package dev.sluice.connector;

import dev.sluice.policy.yaml.PolicyLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Random;

/**
 * Sluice's optional link to a central console: every event line the event log writes also goes
 * into a durable {@link EventSpool}, an {@link EventShipper} uploads the spool, and (when a policy
 * file is configured for it) a {@link PolicySync} keeps that file in step with the console's policy.
 * Started after the policy is loaded and closed after the event log, so the last events are spooled.
 *
 * <pre>{@code
 * ConsoleConnector console = ConsoleConnector.start(settings, System.out);
 * EventWriter events = EventWriter.open(output, rotation, capacity, console::spool);
 * }</pre>
 */
public final class ConsoleConnector implements AutoCloseable {
    private final ConsoleSettings settings;
    private final EventSpool spool;
    private final EventShipper shipper;
    private final PolicySync policy;

    private ConsoleConnector(ConsoleSettings settings, EventSpool spool, EventShipper shipper, PolicySync policy) {
        this.settings = settings;
        this.spool = spool;
        this.shipper = shipper;
        this.policy = policy;
    }

    /**
     * Opens the spool and starts the uploader and the policy sync.
     *
     * @throws IOException when the spool folder or the CA file cannot be used
     */
    public static ConsoleConnector start(ConsoleSettings settings, PrintStream out) throws IOException {
        ConnectorLog log = new ConnectorLog(out);
        ConsoleHttp http = new ConsoleHttp(settings);
        EventSpool spool = EventSpool.open(settings.spoolDir(), settings.maxSpoolBytes(), settings.segmentBytes());
        Random jitter = new Random();
        EventShipper shipper = new EventShipper(spool, http, settings,
                new Backoff(settings.backoffInitial(), settings.backoffMax(), jitter), log);
        PolicySync policy = settings.policyFile().isPresent()
                ? new PolicySync(http, settings, PolicyLoader.builder().build(), log) : null;
        shipper.start();
        if (policy != null) {
            policy.start();
        }
        return new ConsoleConnector(settings, spool, shipper, policy);
    }

    /** Spools {@code count} whole event lines; the event log's writer calls it for each batch it writes. */
    public void spool(byte[] lines, int off, int len, int count) throws IOException {
        spool.append(lines, off, len, count);
    }

    /** Event lines spooled by this process. */
    public long spooled() {
        return spool.spooled();
    }

    /** Event lines the console accepted. */
    public long sent() {
        return shipper.sent();
    }

    /** Event lines lost: the spool was full, the console refused them for good, or a crash cut them. */
    public long dropped() {
        return spool.dropped() + shipper.rejected() + spool.corrupt();
    }

    /** Calls to the console that failed and were (or will be) tried again. */
    public long failures() {
        return shipper.failures();
    }

    /** Bytes in the spool on disk. */
    public long spoolBytes() {
        return spool.bytes();
    }

    /** Policies from the console written to the policy file. */
    public long policiesApplied() {
        return policy == null ? 0 : policy.applied();
    }

    /** Policies from the console refused as invalid. */
    public long policiesRefused() {
        return policy == null ? 0 : policy.refused();
    }

    public ConsoleSettings settings() {
        return settings;
    }

    /** Stops the policy sync and the uploader, then closes the spool; unsent events wait on disk. */
    @Override
    public void close() {
        try {
            if (policy != null) {
                policy.close();
            }
            shipper.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            spool.close();
        }
    }

    @Override
    public String toString() {
        return "ConsoleConnector[" + settings.url() + ", spooled=" + spooled() + ", sent=" + sent() + ", dropped="
                + dropped() + "]";
    }
}
