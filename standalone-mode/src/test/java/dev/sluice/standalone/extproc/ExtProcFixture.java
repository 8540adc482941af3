package dev.sluice.standalone.extproc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.standalone.config.EventsOutput;
import dev.sluice.standalone.config.HostPort;
import dev.sluice.standalone.config.SluiceConfig;
import dev.sluice.standalone.events.EventLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/** A running {@code sluice extproc} on loopback with one policy, its event log, and the harness's Envoy. */
final class ExtProcFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HostPort FREE_LOOPBACK_PORT = new HostPort("127.0.0.1", 0);

    final ExtProcRuntime runtime;
    final EnvoySide envoy;
    final Path events;

    private ExtProcFixture(ExtProcRuntime runtime, Path events) {
        this.runtime = runtime;
        this.events = events;
        this.envoy = new EnvoySide(runtime.port());
    }

    static ExtProcFixture start(Path dir, String policyYaml) throws Exception {
        return start(dir, policyYaml, UnaryOperator.identity());
    }

    static ExtProcFixture start(Path dir, String policyYaml, UnaryOperator<ExtProcSettings> tune) throws Exception {
        return start(dir, policyYaml, UnaryOperator.identity(), tune);
    }

    /** The same with more of {@code sluice.yaml} ({@code configure}: descriptor sets, ...). */
    static ExtProcFixture start(Path dir, String policyYaml, UnaryOperator<SluiceConfig.Builder> configure,
                                UnaryOperator<ExtProcSettings> tune) throws Exception {
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, policyYaml);
        Path events = dir.resolve("events.jsonl");
        SluiceConfig config = configure.apply(SluiceConfig.builder().extprocListen(FREE_LOOPBACK_PORT)
                .adminListen(FREE_LOOPBACK_PORT).policyFile(policy).events(EventsOutput.toFile(events))).build();
        ExtProcRuntime r = ExtProcRuntime.start(config, Map.of(), new PrintStream(new ByteArrayOutputStream()), tune);
        return new ExtProcFixture(r, events);
    }

    /** Closes each of {@code fixtures} that was started (a class's set-up may have failed half-way). */
    static void closeAll(ExtProcFixture... fixtures) throws Exception {
        for (ExtProcFixture f : fixtures) {
            if (f != null) {
                f.close();
            }
        }
    }

    /** The policy: enforce, {@code pii} takes {@code action} in both directions, fail rule {@code onFailure}. */
    static String policy(String action, String onFailure) {
        String rule = action.equals("redact") ? "\n      action: redact\n      mask: fixed" : " " + action;
        return "version: 1\nmode: enforce\ndefaults:\n  on_failure: " + onFailure + "\n  actions:\n    pii:" + rule
                + "\n";
    }

    /** The event that {@code wanted} accepts, waiting up to 10 s. */
    JsonNode awaitEvent(Predicate<JsonNode> wanted) throws InterruptedException {
        return EventLog.await(events, wanted);
    }

    /** The event for {@code direction} of the exchange whose dynamic metadata names it, waiting up to 10 s. */
    JsonNode awaitEventOf(ExchangeResult r, String direction) throws InterruptedException {
        String id = r.sluiceText(direction, "event_id");
        if (id == null) {
            throw new AssertionError("no event named in the metadata: " + r.metadata());
        }
        return awaitEvent(e -> e.path("exchangeId").asText().equals(id)
                && e.path("direction").asText().equals(direction));
    }

    List<JsonNode> events() {
        return EventLog.read(events);
    }

    @Override
    public void close() throws Exception {
        envoy.close();
        runtime.close();
    }
}
