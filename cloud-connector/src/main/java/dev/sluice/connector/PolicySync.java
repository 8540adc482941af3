package dev.sluice.connector;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sluice.policy.yaml.LoadResult;
import dev.sluice.policy.yaml.PolicyError;
import dev.sluice.policy.yaml.PolicyLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the policy file in step with the console's policy for this instance. Every interval it asks
 * for the policy ({@code If-None-Match} with the last ETag seen); a new one is validated exactly as
 * Sluice loads policies, and only a valid one replaces the file (written beside it, then renamed
 * over it, so the file is never half written). Sluice's policy watcher then reloads it as it does
 * any edit. Each new ETag's outcome is reported back ({@code PUT /v1/policy/status}): applied, or
 * refused with its {@code LINE:COL: message} errors, so the console shows which instances run what.
 * A console that is down, or holds no policy (404), leaves the file as it is.
 */
final class PolicySync extends Worker {
    private static final JsonFactory JSON = new JsonFactory();

    private final ConsoleHttp http;
    private final Path file;
    private final ConsoleSettings settings;
    private final PolicyLoader loader;
    private final ConnectorLog log;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private String etag;

    PolicySync(ConsoleHttp http, ConsoleSettings settings, PolicyLoader loader, ConnectorLog log) {
        super("sluice-console-policy");
        this.http = http;
        this.file = settings.policyFile().orElseThrow();
        this.settings = settings;
        this.loader = loader;
        this.log = log;
    }

    @Override
    void round() throws InterruptedException {
        pollOnce();
        pause(settings.policyPollInterval());
    }

    /** One round: ask, and apply or refuse what is new. */
    void pollOnce() throws InterruptedException {
        ConsoleHttp.Answer answer;
        try {
            answer = http.getPolicy(etag);
        } catch (IOException e) {
            log.problem("policy", "the policy cannot be fetched (" + ConnectorLog.describe(e) + "); the file stays");
            return;
        }
        int status = answer.status();
        if (status == 304 || status == 404) {
            log.recovered("policy", "the policy can be fetched again");
            return;
        }
        if (status != 200) {
            log.problem("policy", "the console answers HTTP " + status + " to the policy; the file stays");
            return;
        }
        log.recovered("policy", "the policy can be fetched again");
        String tag = answer.etag().orElse(null);
        byte[] yaml = answer.body();
        LoadResult r = loader.parse(yaml, "console");
        if (!r.ok()) {
            refused.incrementAndGet();
            log.info("the console's policy " + (tag == null ? "" : tag + " ") + "is invalid; the file stays:\n"
                    + PolicyLoader.format("console", r.errors()));
            report(tag, false, r.errors());
        } else {
            try {
                if (write(yaml)) {
                    applied.incrementAndGet();
                    log.info("policy " + (tag == null ? "" : tag + " ") + "from the console written to " + file);
                }
                report(tag, true, List.of());
            } catch (IOException e) {
                log.problem("policy-write", "the policy file cannot be written (" + ConnectorLog.describe(e) + ")");
                return; // not remembered: tried again next round
            }
        }
        etag = tag;
    }

    /** Replaces the file with {@code yaml} unless it already holds it; true when it was written. */
    private boolean write(byte[] yaml) throws IOException {
        if (Files.exists(file) && Arrays.equals(Files.readAllBytes(file), yaml)) {
            return false;
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".console.tmp");
        Files.write(tmp, yaml);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return true;
    }

    private void report(String tag, boolean ok, List<PolicyError> errors) throws InterruptedException {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (JsonGenerator g = JSON.createGenerator(out)) {
                g.writeStartObject();
                g.writeStringField("etag", tag);
                g.writeBooleanField("applied", ok);
                g.writeArrayFieldStart("errors");
                for (PolicyError e : errors) {
                    g.writeString(e.format("policy"));
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            http.putPolicyStatus(out.toByteArray());
        } catch (IOException e) {
            // The status is a courtesy to the console; the next new policy reports again.
        }
    }

    /** Policies from the console written to the file. */
    long applied() {
        return applied.get();
    }

    /** Policies from the console refused as invalid. */
    long refused() {
        return refused.get();
    }
}
