package dev.sluice.standalone.extproc;

import dev.sluice.inspector.Finding;
import dev.sluice.inspector.InspectionResult;
import dev.sluice.matchers.Direction;
import dev.sluice.policy.Action;
import dev.sluice.policy.Decision;
import dev.sluice.policy.FindingDecision;
import dev.sluice.policy.Mode;
import dev.sluice.standalone.admin.SluiceMetrics;
import dev.sluice.standalone.events.EventFinding;
import dev.sluice.standalone.events.EventWriter;
import dev.sluice.standalone.events.ExchangeAction;
import dev.sluice.standalone.events.ExchangeEvent;
import java.util.List;

/**
 * Reports what the ext_proc server did with one body, or with an exchange it could not process:
 * inspection metrics, findings with their actions, and — when there is something to tell (a
 * finding that is not ignored, a block, a note such as a block the protocol no longer allowed) —
 * one event. The event's action is what was carried out; its reason carries the note.
 */
final class ExtProcReporter {
    private final SluiceMetrics metrics;
    private final EventWriter events;

    ExtProcReporter(SluiceMetrics metrics, EventWriter events) {
        this.metrics = metrics;
        this.events = events;
    }

    /**
     * @param carriedOut what Sluice did with the body
     * @param note       why what was carried out differs from the decision, or null
     */
    void body(ExchangeContext exchange, Direction direction, int status, BodyStep step, ExchangeAction carriedOut,
              String note) {
        InspectionResult result = step.result();
        Decision decision = step.decision();
        metrics.inspectedBytes(direction, result.inspectedBytes());
        metrics.inspectionTime(direction, step.nanos());
        metrics.inspectionOutcome(direction, result.outcome());
        metrics.exchange(direction, decision.route(), carriedOut);
        List<Finding> findings = result.findings();
        List<FindingDecision> decided = decision.findings();
        boolean reportable = carriedOut == ExchangeAction.BLOCK || note != null
                || decision.wouldBeVerdict() == dev.sluice.policy.Verdict.BLOCK;
        for (int i = 0; i < findings.size(); i++) {
            Action a = decided.get(i).action();
            metrics.finding(findings.get(i).id(), findings.get(i).category(), direction, a, decision.route(),
                    exchange.sourceLabel(), exchange.destination());
            reportable |= a != Action.IGNORE;
        }
        if (!reportable) {
            return;
        }
        ExchangeEvent.Builder e = event(exchange, direction, decision.mode(), status, carriedOut)
                .route(decision.route()).outcome(result.outcome())
                .reason(note == null ? decision.reason() : join(decision.reason(), note));
        for (int i = 0; i < findings.size(); i++) {
            Action a = decided.get(i).action();
            if (a != Action.IGNORE) {
                e.finding(EventFinding.of(findings.get(i), a));
            }
        }
        events.submit(e.build());
    }

    /** An exchange the server stopped processing: a protocol error, a timeout. {@code reason} is a bounded label. */
    void failure(ExchangeContext exchange, Direction direction, Mode mode, String route, boolean blocked,
                 String reason) {
        ExchangeAction action = blocked ? ExchangeAction.BLOCK : ExchangeAction.ALLOW;
        metrics.exchange(direction, route, action);
        if (exchange == null) {
            return; // nothing known to name in an event; the metric counts it
        }
        events.submit(event(exchange, direction, mode, 0, action).route(route).reason(reason).build());
    }

    private static ExchangeEvent.Builder event(ExchangeContext exchange, Direction direction, Mode mode, int status,
                                               ExchangeAction action) {
        return ExchangeEvent.builder(exchange.id(), direction).mode(mode)
                .sourceService(exchange.source()).destinationService(exchange.destination())
                .token(exchange.token()).method(exchange.method()).requestTarget(exchange.path())
                .status(status).action(action);
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : a + "; " + b;
    }
}
