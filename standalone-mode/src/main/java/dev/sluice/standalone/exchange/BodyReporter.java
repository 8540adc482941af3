package dev.sluice.standalone.exchange;

import dev.sluice.inspector.Finding;
import dev.sluice.inspector.InspectionResult;
import dev.sluice.inspector.head.HeadFields;
import dev.sluice.matchers.Direction;
import dev.sluice.policy.BodyPlan;
import dev.sluice.policy.Action;
import dev.sluice.policy.Decision;
import dev.sluice.policy.FindingDecision;
import dev.sluice.policy.Mode;
import dev.sluice.standalone.admin.SluiceMetrics;
import dev.sluice.standalone.events.Delivery;
import dev.sluice.standalone.events.EventFinding;
import dev.sluice.standalone.events.EventWriter;
import dev.sluice.standalone.events.ExchangeAction;
import dev.sluice.standalone.events.ExchangeEvent;
import java.util.List;

/**
 * Reports what a front end did with one inspected body, or with a message it stopped before
 * inspecting (a budget's cool-down, a body over the hold limit, a protocol error): the inspection
 * metrics (bytes, time, outcome), the exchange with the action carried out, every finding with
 * the action the policy gave it, budget blocks, and — when something is worth reporting (a
 * finding that is not ignored, a block, a note) — one event with the policy's mode. Events and
 * metrics carry only what their types allow: detector ids, field paths, masked previews and keyed
 * hashes. Thread-safe (the metrics and the event writer are).
 */
public final class BodyReporter {
    private static final String BUDGET = "budget:";

    private final SluiceMetrics metrics;
    private final EventWriter events;

    public BodyReporter(SluiceMetrics metrics, EventWriter events) {
        this.metrics = metrics;
        this.events = events;
    }

    /**
     * Records the metrics of a concluded body and builds its event, which the caller submits
     * (perhaps later, once it knows how the body was delivered). Returns null when there is
     * nothing worth an event.
     *
     * @param action what the front end carried out
     * @param note   why what was carried out differs from the conclusion, or null; joins its reason
     */
    public ExchangeEvent.Builder body(ExchangeIdentity exchange, Direction direction, int status,
                                      InspectionResult result, Conclusion c, long inspectionNanos,
                                      ExchangeAction action, String note) {
        metrics.inspectedBytes(direction, result.inspectedBytes());
        metrics.inspectionTime(direction, inspectionNanos);
        metrics.inspectionOutcome(direction, result.outcome());
        Decision decision = c.decision();
        metrics.exchange(direction, decision.route(), action);
        if (c.blocks()) {
            countBudget(c.blockReason());
        }
        List<Finding> findings = result.findings();
        List<FindingDecision> decided = decision.findings();
        Action ceiling = decision.detectOnly() ? Action.BLOCK : ceiling(action);
        boolean reportable = c.wouldBlock() || action == ExchangeAction.BLOCK || note != null;
        reportable |= countFindings(exchange, direction, decision.route(), findings, decided, ceiling);
        if (!reportable) {
            return null;
        }
        ExchangeEvent.Builder e = event(exchange, direction, decision.mode(), decision.route(), action)
                .status(status).reason(join(c.blockReason(), note)).outcome(result.outcome());
        for (int i = 0; i < findings.size(); i++) {
            Action a = carriedOut(findings.get(i), decided.get(i).action(), ceiling);
            if (a != Action.IGNORE) {
                e.finding(EventFinding.of(findings.get(i), a, decided.get(i).rule()));
            }
        }
        return e;
    }

    /**
     * Counts each finding under its detector and action; true when any is not ignored. Findings
     * of one detector come in runs (every record of a page has its e-mail): one metric update per
     * run, not per finding.
     */
    private boolean countFindings(ExchangeIdentity exchange, Direction direction, String route, List<Finding> findings,
                                  List<FindingDecision> decided, Action ceiling) {
        boolean reported = false;
        int i = 0;
        while (i < findings.size()) {
            Finding f = findings.get(i);
            Action a = carriedOut(f, decided.get(i).action(), ceiling);
            int end = i + 1;
            while (end < findings.size() && carriedOut(findings.get(end), decided.get(end).action(), ceiling) == a
                    && findings.get(end).id().equals(f.id())) {
                end++;
            }
            metrics.finding(f.id(), f.category(), direction, a, route, exchange.sourceLabel(), exchange.destination(),
                    end - i);
            reported |= a != Action.IGNORE;
            i = end;
        }
        return reported;
    }

    /**
     * What became of one finding: no more than the body's action carried out (a redaction that
     * fell to the fail rule, a block that came too late: the value left, so the finding is an
     * alert), and a redaction of a request head's value is an alert (a head is not rewritten).
     */
    private static Action carriedOut(Finding f, Action decided, Action ceiling) {
        if (decided.compareTo(ceiling) > 0) {
            return ceiling;
        }
        return decided == Action.REDACT && HeadFields.REQUEST_ORIGIN.equals(f.origin()) ? Action.ALERT : decided;
    }

    /**
     * The most a finding can have had done to it in enforce mode, given what was done to its
     * body: a body that left as it came carried every finding as an alert.
     */
    private static Action ceiling(ExchangeAction done) {
        return switch (done) {
            case ALLOW, ALERT -> Action.ALERT;
            case REDACT -> Action.REDACT;
            case BLOCK -> Action.BLOCK;
        };
    }

    /** Counts a message that {@code plan} leaves unread because of its route's sample; else nothing. */
    public void passedUnread(Direction direction, BodyPlan plan) {
        if (plan.sampledOut()) {
            metrics.sampledOut(direction, plan.route());
        }
    }

    /**
     * A message stopped without a concluded body: refused at its head, or an exchange the front
     * end could not process. {@code reason} is a bounded label; {@code exchange} null (nothing
     * known yet) counts the metric only; {@code delivery} null leaves the event's default.
     */
    public void stopped(ExchangeIdentity exchange, Direction direction, Mode mode, String route,
                        ExchangeAction action, String reason, Delivery delivery) {
        metrics.exchange(direction, route, action);
        if (action == ExchangeAction.BLOCK) {
            countBudget(reason);
        }
        if (exchange == null) {
            return;
        }
        ExchangeEvent.Builder e = event(exchange, direction, mode, route, action).reason(reason);
        if (delivery != null) {
            e.delivery(delivery);
        }
        events.submit(e.build());
    }

    /** Submits an event {@link #body} built; null (nothing worth an event) is ignored. */
    public void submit(ExchangeEvent.Builder e) {
        if (e != null) {
            events.submit(e.build());
        }
    }

    private void countBudget(String reason) {
        if (reason != null && reason.startsWith(BUDGET)) {
            metrics.budgetBlock(reason.substring(BUDGET.length()));
        }
    }

    private static ExchangeEvent.Builder event(ExchangeIdentity exchange, Direction direction, Mode mode,
                                               String route, ExchangeAction action) {
        Correlation ids = exchange.correlation();
        return ExchangeEvent.builder(exchange.id(), direction).route(route).mode(mode).action(action)
                .correlation(ids.requestId(), ids.traceId())
                .sourceService(exchange.source()).destinationService(exchange.destination())
                .token(exchange.token()).method(exchange.method()).requestTarget(exchange.path());
    }

    private static String join(String a, String b) {
        if (a == null || a.isEmpty()) {
            return b;
        }
        return b == null ? a : a + "; " + b;
    }
}
