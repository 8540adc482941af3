package dev.sluice.standalone.serve;

import dev.sluice.inspector.Finding;
import dev.sluice.inspector.InspectionResult;
import dev.sluice.matchers.Direction;
import dev.sluice.policy.Action;
import dev.sluice.policy.Decision;
import dev.sluice.policy.FindingDecision;
import dev.sluice.policy.Mode;
import dev.sluice.policy.Verdict;
import dev.sluice.standalone.admin.SluiceMetrics;
import dev.sluice.standalone.events.EventFinding;
import dev.sluice.standalone.events.EventWriter;
import dev.sluice.standalone.events.ExchangeAction;
import dev.sluice.standalone.events.ExchangeEvent;
import java.util.List;

/**
 * Reports one inspected body: the inspection metrics (bytes, time, outcome), the exchange and
 * every finding with the action the policy gave it, and — when something is worth reporting (a
 * finding that is not ignored, or a would-be block) — one event. Events and metrics carry only
 * what their types allow: detector ids, field paths, masked previews and keyed hashes.
 */
final class BodyReporter {
    /**
     * What this release carries out: nothing. Events say {@code detect} whatever the policy's mode,
     * so an {@code action: block} is never read as a block that happened; the policy-actions issue
     * reports the decision's own mode once it enforces it.
     */
    static final Mode CARRIED_OUT = Mode.DETECT;

    private final SluiceMetrics metrics;
    private final EventWriter events;

    BodyReporter(SluiceMetrics metrics, EventWriter events) {
        this.metrics = metrics;
        this.events = events;
    }

    void report(InspectedExchange exchange, Direction direction, int status, InspectionResult result,
                Decision decision, long inspectionNanos) {
        metrics.inspectedBytes(direction, result.inspectedBytes());
        metrics.inspectionTime(direction, inspectionNanos);
        metrics.inspectionOutcome(direction, result.outcome());
        ExchangeAction action = ExchangeAction.of(decision);
        metrics.exchange(direction, decision.route(), action);
        List<Finding> findings = result.findings();
        List<FindingDecision> decided = decision.findings();
        boolean reportable = decision.wouldBeVerdict() == Verdict.BLOCK;
        for (int i = 0; i < findings.size(); i++) {
            Finding f = findings.get(i);
            Action a = decided.get(i).action();
            metrics.finding(f.id(), f.category(), direction, a, decision.route(), exchange.sourceLabel(),
                    exchange.destination());
            reportable |= a != Action.IGNORE;
        }
        if (!reportable) {
            return;
        }
        ExchangeEvent.Builder e = ExchangeEvent.builder(exchange.id(), direction)
                .mode(CARRIED_OUT).route(decision.route())
                .sourceService(exchange.source()).destinationService(exchange.destination())
                .token(exchange.token()).method(exchange.requestHead().method())
                .requestTarget(exchange.requestHead().path())
                .status(status).action(action).reason(decision.reason()).outcome(result.outcome());
        for (int i = 0; i < findings.size(); i++) {
            Action a = decided.get(i).action();
            if (a != Action.IGNORE) {
                e.finding(EventFinding.of(findings.get(i), a));
            }
        }
        events.submit(e.build());
    }
}
