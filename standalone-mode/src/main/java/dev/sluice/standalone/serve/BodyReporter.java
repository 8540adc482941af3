package dev.sluice.standalone.serve;

import dev.sluice.inspector.Finding;
import dev.sluice.inspector.InspectionResult;
import dev.sluice.matchers.Direction;
import dev.sluice.policy.Action;
import dev.sluice.policy.BodyPlan;
import dev.sluice.policy.Decision;
import dev.sluice.policy.FindingDecision;
import dev.sluice.standalone.admin.SluiceMetrics;
import dev.sluice.standalone.events.Delivery;
import dev.sluice.standalone.events.EventFinding;
import dev.sluice.standalone.events.EventWriter;
import dev.sluice.standalone.events.ExchangeAction;
import dev.sluice.standalone.events.ExchangeEvent;
import java.util.List;

/**
 * Reports one inspected body: the inspection metrics (bytes, time, outcome), the exchange with
 * the action carried out and every finding with the action the policy gave it, budget blocks, and
 * — when something is worth reporting (a finding that is not ignored, or a block) — one event
 * with the policy's mode and what became of the body. Events and metrics carry only what their
 * types allow: detector ids, field paths, masked previews and keyed hashes.
 */
final class BodyReporter {
    private static final String BUDGET = "budget:";

    private final SluiceMetrics metrics;
    private final EventWriter events;

    BodyReporter(SluiceMetrics metrics, EventWriter events) {
        this.metrics = metrics;
        this.events = events;
    }

    /**
     * Records the metrics of a concluded body and builds its event; submits it unless
     * {@code delivery} is null (a block whose delivery the exchange's outcome tells). Returns the
     * event, or null when there is nothing worth an event.
     */
    ExchangeEvent.Builder report(InspectedExchange exchange, Direction direction, int status, InspectionResult result,
                                 Conclusion c, long inspectionNanos, Delivery delivery) {
        metrics.inspectedBytes(direction, result.inspectedBytes());
        metrics.inspectionTime(direction, inspectionNanos);
        metrics.inspectionOutcome(direction, result.outcome());
        Decision decision = c.decision();
        ExchangeAction action = carriedOut(c, delivery);
        metrics.exchange(direction, decision.route(), action);
        if (c.blocks()) {
            countBudget(c.blockReason());
        }
        List<Finding> findings = result.findings();
        List<FindingDecision> decided = decision.findings();
        boolean reportable = c.wouldBlock();
        for (int i = 0; i < findings.size(); i++) {
            Finding f = findings.get(i);
            Action a = decided.get(i).action();
            metrics.finding(f.id(), f.category(), direction, a, decision.route(), exchange.sourceLabel(),
                    exchange.destination());
            reportable |= a != Action.IGNORE;
        }
        if (!reportable) {
            return null;
        }
        ExchangeEvent.Builder e = event(exchange, direction, decision.route())
                .mode(decision.mode()).status(status).action(action).reason(c.blockReason())
                .outcome(result.outcome());
        for (int i = 0; i < findings.size(); i++) {
            Action a = decided.get(i).action();
            if (a != Action.IGNORE) {
                e.finding(EventFinding.of(findings.get(i), a));
            }
        }
        if (delivery != null) {
            events.submit(e.delivery(delivery).build());
        }
        return e;
    }

    /** A message refused at its head, before any body byte (budget cool-down, declared length over the hold limit). */
    void reportRefusal(InspectedExchange exchange, Direction direction, BodyPlan plan, String reason) {
        metrics.exchange(direction, plan.route(), ExchangeAction.BLOCK);
        countBudget(reason);
        events.submit(event(exchange, direction, plan.route()).mode(plan.mode()).action(ExchangeAction.BLOCK)
                .delivery(Delivery.BLOCKED).reason(reason).build());
    }

    void submit(ExchangeEvent.Builder e) {
        events.submit(e.build());
    }

    /**
     * The action as carried out: in detect mode the would-be one (the event's mode says so); in
     * enforce mode a redaction that could not be made (a body released over its hold limit) is an
     * alert.
     */
    static ExchangeAction carriedOut(Conclusion c, Delivery delivery) {
        ExchangeAction a = c.wouldBlock() ? ExchangeAction.BLOCK : ExchangeAction.of(c.decision());
        if (!c.decision().detectOnly() && a == ExchangeAction.REDACT && delivery != Delivery.REDACTED) {
            return ExchangeAction.ALERT;
        }
        return a;
    }

    private void countBudget(String reason) {
        if (reason != null && reason.startsWith(BUDGET)) {
            metrics.budgetBlock(reason.substring(BUDGET.length()));
        }
    }

    private static ExchangeEvent.Builder event(InspectedExchange exchange, Direction direction, String route) {
        return ExchangeEvent.builder(exchange.id(), direction).route(route)
                .sourceService(exchange.source()).destinationService(exchange.destination())
                .token(exchange.token()).method(exchange.requestHead().method())
                .requestTarget(exchange.requestHead().path());
    }
}
