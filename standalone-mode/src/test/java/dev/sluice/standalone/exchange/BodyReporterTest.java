package dev.sluice.standalone.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.inspector.Finding;
import dev.sluice.inspector.InspectionResult;
import dev.sluice.inspector.Outcome;
import dev.sluice.matchers.Category;
import dev.sluice.matchers.DetectorCatalog;
import dev.sluice.matchers.Direction;
import dev.sluice.matchers.ValueHasher;
import dev.sluice.policy.Policy;
import dev.sluice.policy.PolicyEngine;
import dev.sluice.policy.budget.BudgetCounters;
import dev.sluice.policy.budget.InMemoryBudgetStore;
import dev.sluice.policy.identity.BoundedNames;
import dev.sluice.policy.yaml.LoadResult;
import dev.sluice.policy.yaml.PolicyLoader;
import dev.sluice.standalone.admin.MetricLabels;
import dev.sluice.standalone.admin.Scrape;
import dev.sluice.standalone.admin.SluiceMetrics;
import dev.sluice.standalone.config.EventsOutput;
import dev.sluice.standalone.events.EventWriter;
import dev.sluice.standalone.events.ExchangeAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One concluded body turned into metrics and an event: each finding counted under its own
 * detector and action, however the findings of a body interleave, and each one in the event.
 */
class BodyReporterTest {
    @TempDir
    Path dir;

    @Test
    void everyFindingIsCountedOnceUnderItsDetectorAndAction() throws Exception {
        LoadResult loaded = PolicyLoader.builder().build().parse("""
                version: 1
                mode: enforce
                defaults:
                  response:
                    pii: alert
                    credit_card: redact
                """, "test.yaml");
        assertTrue(loaded.ok(), loaded.errors().toString());
        Policy policy = loaded.policy();
        List<String> detectors = DetectorCatalog.builtin().all().stream().map(d -> d.id()).toList();
        Path log = dir.resolve("events.jsonl");
        // Runs of one detector, broken by another and resumed: e, e, card, e, phone, phone, e.
        List<String> ids = List.of("email", "email", "credit_card", "email", "phone_number", "phone_number", "email");
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            findings.add(new Finding(ids.get(i), Category.PII, 10L * i, 10L * i + 8, "$.items[" + i + "]", "v",
                    "ab****yz", "%032x".formatted(i), false, null));
        }
        InspectionResult result = new InspectionResult(findings, Outcome.COMPLETE, null, 512);
        ExchangeIdentity exchange = ExchangeIdentity.builder("ex-1",
                PolicyIdentities.of(policy, ValueHasher.random(), Map.of())).request("GET", "/users", "api").build();

        try (SluiceMetrics metrics = SluiceMetrics.create(MetricLabels.of(detectors, List.of(), List.of(),
                new BoundedNames(Set.of(), 4)));
             EventWriter events = EventWriter.open(EventsOutput.toFile(log), 1024)) {
            BodyReporter reporter = new BodyReporter(metrics, events);
            PolicyEngine engine = new PolicyEngine(() -> policy, InMemoryBudgetStore.systemClock(), new BudgetCounters());
            Conclusion c = Conclusion.decide(engine, exchange, Direction.RESPONSE, result);
            reporter.submit(reporter.body(exchange, Direction.RESPONSE, 200, result, c, 1000,
                    ExchangeAction.REDACT, null));
            Scrape s = Scrape.parse(metrics.scrape());
            assertEquals(4.0, findingsTotal(s, "email", "alert"));
            assertEquals(2.0, findingsTotal(s, "phone_number", "alert"));
            assertEquals(1.0, findingsTotal(s, "credit_card", "redact"));
        }
        JsonNode event = new ObjectMapper().readTree(Files.readAllLines(log).getFirst());
        assertEquals(ids.size(), event.path("findings").size());
        for (int i = 0; i < ids.size(); i++) {
            assertEquals(ids.get(i), event.path("findings").get(i).path("id").asText());
        }
    }

    private static double findingsTotal(Scrape s, String detector, String action) {
        return s.value("sluice_findings_total", Map.of("detector", detector, "category", "pii",
                "direction", "response", "action", action, "route", "default", "source_service", "unknown",
                "destination_service", "unknown"));
    }
}
