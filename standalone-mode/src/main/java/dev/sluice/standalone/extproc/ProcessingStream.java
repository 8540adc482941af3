package dev.sluice.standalone.extproc;

import com.google.protobuf.Struct;
import dev.sluice.inspector.InspectionResult;
import dev.sluice.inspector.Outcome;
import dev.sluice.inspector.head.HeadBytes;
import dev.sluice.inspector.head.HeadRedactor;
import dev.sluice.inspector.head.TargetRedactor;
import dev.sluice.matchers.Direction;
import dev.sluice.policy.BlockAnswer;
import dev.sluice.policy.BodyPlan;
import dev.sluice.policy.Decision;
import dev.sluice.policy.FailRule;
import dev.sluice.policy.FailureKind;
import dev.sluice.policy.Mode;
import dev.sluice.policy.Policy;
import dev.sluice.policy.Route;
import dev.sluice.standalone.events.Delivery;
import dev.sluice.standalone.events.ExchangeAction;
import dev.sluice.standalone.exchange.BodyReporter;
import dev.sluice.standalone.exchange.Conclusion;
import dev.sluice.standalone.exchange.ExchangeIdentity;
import dev.sluice.standalone.exchange.InspectedTrailers;
import dev.sluice.standalone.exchange.MessageHeads;
import dev.sluice.standalone.serve.SharedRuntime;
import io.envoyproxy.envoy.extensions.filters.http.ext_proc.v3.ProcessingMode;
import io.envoyproxy.envoy.service.ext_proc.v3.HeaderMutation;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpBody;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpHeaders;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpTrailers;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.ProtocolConfiguration;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One {@code Process} stream: one HTTP exchange as Envoy's ext_proc filter sends it. Checks each
 * message against the protocol's order per direction (headers, then body messages, then
 * trailers; nothing after the end of stream) and answers it as its body mode requires: one answer
 * per message in order, except in {@code FULL_DUPLEX_STREAMED}, where the body goes back as
 * streamed responses, and in observability mode, where nothing is answered.
 *
 * <p>The body mode comes from the {@code protocol_config} of the first message (Envoy 1.34+);
 * without it, bodies are answered as {@code STREAMED}, which is also right for a single
 * {@code BUFFERED} message. A block becomes Sluice's 403 while that is still possible — a
 * request, or a response whose headers Envoy holds ({@code BUFFERED}, {@code BUFFERED_PARTIAL}).
 * After the response headers have left, the event says so and the route's fail rule for limits
 * decides: closed resets the response (an immediate response, which Envoy turns into a reset),
 * open lets it finish. A body that cannot be released whole (a decoded output cut short, a
 * rewriting output past the release limit once bytes were replaced; see {@link BodyFlow}) is
 * ended the same way whatever the fail rule. Events say what became of each body
 * ({@link Delivery}) and, in detect mode, the action enforce mode would have taken.
 *
 * <p>What Sluice cannot process — a message out of order, an unknown body mode, a stream idle for
 * longer than {@code idleTimeout} — ends the stream per the fail rule: open closes it cleanly
 * (Envoy carries on without Sluice), closed with a gRPC error (Envoy answers 500 unless its
 * {@code failure_mode_allow} is set). Messages are handled under this object's lock; the idle
 * check is the only other thread.
 */
final class ProcessingStream implements StreamObserver<ProcessingRequest> {
    static final String NOTE_HEADERS_SENT = "block_not_possible:headers_sent";
    static final String NOTE_TAIL_LOST = "held_bytes_at_trailers";
    static final String NOTE_OBSERVABILITY = "block_not_possible:observability_mode";

    private final SharedRuntime runtime;
    private final BodyReporter reporter;
    private final StreamObserver<ProcessingResponse> out;
    private final long idleNanos;
    private final BodyFlow request;
    private final BodyFlow response;
    private ExchangeIdentity exchange;
    private BodyMode requestMode;
    private BodyMode responseMode;
    private boolean first = true;
    private boolean observability;
    private boolean done;
    /** When Sluice became done with the stream: Envoy then has the idle timeout to close it. */
    private long doneAt;
    /** Our side of the stream is closed (or the call is gone): nothing more may be sent. */
    private boolean outClosed;
    private long lastActivity;
    private ScheduledFuture<?> idleCheck;

    ProcessingStream(SharedRuntime runtime, BodyReporter reporter, StreamObserver<ProcessingResponse> out,
                     ExtProcSettings settings) {
        this.runtime = runtime;
        this.reporter = reporter;
        this.out = out;
        this.idleNanos = settings.idleTimeout().toNanos();
        this.request = new BodyFlow(Direction.REQUEST, runtime, settings.releaseLimit(), settings.heldBodyBytes());
        this.response = new BodyFlow(Direction.RESPONSE, runtime, settings.releaseLimit(), settings.heldBodyBytes());
        this.lastActivity = System.nanoTime();
    }

    /** Starts the idle check; a stream with no message for the idle timeout is ended. */
    void watch(ScheduledExecutorService timer) {
        synchronized (this) {
            idleCheck = timer.scheduleWithFixedDelay(this::checkIdle, idleNanos, Math.max(idleNanos / 4, 1_000_000),
                    TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public synchronized void onNext(ProcessingRequest req) {
        if (done) {
            return; // after a block or an end Sluice chose, Envoy may still have messages in flight
        }
        lastActivity = System.nanoTime();
        try {
            if (first && !start(req)) {
                return;
            }
            switch (req.getRequestCase()) {
                case REQUEST_HEADERS -> onHeaders(request, req.getRequestHeaders(), req);
                case RESPONSE_HEADERS -> onHeaders(response, req.getResponseHeaders(), req);
                case REQUEST_BODY -> onBody(request, req.getRequestBody());
                case RESPONSE_BODY -> onBody(response, req.getResponseBody());
                case REQUEST_TRAILERS -> onTrailers(request, req.getRequestTrailers());
                case RESPONSE_TRAILERS -> onTrailers(response, req.getResponseTrailers());
                default -> violation("empty_message");
            }
        } catch (RuntimeException e) {
            // A bug of ours must not hang Envoy's exchange: end it by the fail rule, never with the body in the message.
            fail(FailureKind.PARSE_ERROR, "internal_error:" + e.getClass().getSimpleName());
        }
    }

    /** Reads the first message's protocol settings; false when the stream was ended for them. */
    private boolean start(ProcessingRequest req) {
        first = false;
        observability = req.getObservabilityMode();
        if (req.hasProtocolConfig()) {
            ProtocolConfiguration c = req.getProtocolConfig();
            requestMode = BodyMode.of(c.getRequestBodyMode());
            responseMode = BodyMode.of(c.getResponseBodyMode());
            if (requestMode == null || responseMode == null) {
                violation("unknown_body_mode");
                return false;
            }
        }
        return true;
    }

    private void onHeaders(BodyFlow flow, HttpHeaders h, ProcessingRequest req) {
        if (flow.state() != BodyFlow.State.AWAITING_HEADERS) {
            violation("headers_repeated");
            return;
        }
        EnvoyHeaders headers = EnvoyHeaders.of(h.getHeaders());
        if (exchange == null) {
            exchange = identify(flow == request ? headers : EnvoyHeaders.EMPTY, PeerAttributes.of(req));
        }
        flow.onHeaders(exchange, headers, h.getEndOfStream(),
                flow == response && request.state() == BodyFlow.State.OPEN);
        reporter.passedUnread(flow.direction(), flow.plan());
        HeaderMutation.Builder mutation = HeaderMutation.newBuilder();
        if (refusedAtHead(flow, h, mutation)) {
            return;
        }
        ProcessingMode override = overrideModes(flow); // before mode(flow): it may switch the request mode
        BodyMode mode = mode(flow);
        if (!mode.holdsHeaders() && flow.decodesBody(mode)) {
            // The rewriting inspection releases the body decoded: the encoding and length no longer hold.
            // (Held headers are changed in the body's answer, once it is known what is released.)
            mutation.addRemoveHeaders("content-encoding").addRemoveHeaders("content-length");
        } else if (!mode.holdsHeaders() && flow.mayResize(mode)) {
            // Streamed chunks may leave shorter or longer than they came. Envoy's ProcessingMode docs
            // say it drops Content-Length itself in the streamed modes when bodies may be mutated;
            // the answer says so too rather than rely on it (the body is then framed by its end).
            mutation.addRemoveHeaders("content-length");
        }
        boolean mutates = mutation.getSetHeadersCount() > 0 || mutation.getRemoveHeadersCount() > 0;
        reply(Replies.headers(flow.direction(), mutates ? mutation.build() : null, override));
    }

    /**
     * Inspects the head of {@code flow}: a request's target, cookies and header values, a
     * response's header values. True when the policy refused it (answered 403 before the upstream
     * is called, or instead of the response; reported now). Values of a head the policy redacts
     * are rewritten through {@code mutation}: header fields, and a request's target
     * ({@code :path}). Findings that do not refuse it are reported with the body, or now when none
     * will come (the headers end the stream, Envoy sends no body, a response passes uninspected
     * on its label).
     */
    private boolean refusedAtHead(BodyFlow flow, HttpHeaders h, HeaderMutation.Builder mutation) {
        if (!flow.inspectsFields()) {
            return false;
        }
        long start = System.nanoTime();
        Direction direction = flow.direction();
        HeadBytes head = direction == Direction.REQUEST ? EnvoyHeaders.requestHead(h.getHeaders())
                : EnvoyHeaders.responseHead(h.getHeaders());
        InspectionResult result = direction == Direction.REQUEST ? runtime.inspector().inspectRequestHead(head)
                : runtime.inspector().inspectResponseHead(head);
        if (!MessageHeads.holdsAnything(result)) {
            return false;
        }
        Conclusion c = Conclusion.decide(runtime.engine(), exchange, direction, result);
        boolean refused = c.blocks() && !observability;
        if (!refused && !observability) { // detect mode's decision redacts nothing
            for (HeadRedactor.Rewritten field : HeadRedactor.rewrite(head, c.decision(), result.findings())) {
                Replies.rewritten(mutation, field);
                flow.markHeadRedacted();
            }
            String target = direction == Direction.REQUEST
                    ? TargetRedactor.rewrite(head, c.decision(), result.findings()) : null;
            if (target != null) {
                // Envoy sends the upstream the rewritten :path; routing was decided on the one received.
                Replies.rewritten(mutation, new HeadRedactor.Rewritten(":path", List.of(target)));
                flow.markHeadRedacted();
            }
        }
        if (!refused && !h.getEndOfStream() && mode(flow) != BodyMode.NONE && !flow.skipped()) {
            flow.withHead(result);
            return false;
        }
        Delivery delivery = refused ? Delivery.BLOCKED : flow.headRedacted() ? Delivery.REDACTED
                : Delivery.FORWARDED;
        reportAlone(flow, result, c, System.nanoTime() - start, delivery,
                c.blocks() && observability ? NOTE_OBSERVABILITY : null);
        if (refused) {
            reply(blockReply(c.decision(), VerdictMetadata.of(exchange, direction, "block", result, c.decision(),
                    null)));
            end();
        }
        return refused;
    }

    /**
     * Reports what the head of {@code flow} held, alone, once its body is skipped (an upload whose
     * bytes are what its label says) or will never come (Envoy closed the stream): no verdict on
     * the body will carry it.
     */
    private void reportHeadAlone(BodyFlow flow) {
        InspectionResult head = flow.takeHead();
        if (head == null) {
            return;
        }
        Conclusion c = Conclusion.decide(runtime.engine(), exchange, flow.direction(), head);
        Delivery delivery = flow.headRedacted() ? Delivery.REDACTED : Delivery.FORWARDED;
        reportAlone(flow, head, c, 0, delivery, null);
    }

    /**
     * Reports what a head or trailers held, in an event of its own (no body's verdict carries it);
     * returns the action carried out.
     */
    private ExchangeAction reportAlone(BodyFlow flow, InspectionResult result, Conclusion c, long nanos,
                                       Delivery delivery, String note) {
        ExchangeAction action = carriedOut(c, delivery);
        var e = reporter.body(exchange, flow.direction(), flow.status(), result, c, nanos, action, note);
        reporter.submit(e == null ? null : e.delivery(delivery));
        return action;
    }

    /**
     * Who the exchange is, from the request headers (or, when Envoy skips those, from nothing: the
     * defaults route decides) and what Envoy says of the peer.
     */
    private ExchangeIdentity identify(EnvoyHeaders headers, PeerAttributes peer) {
        String contentType = headers.first("content-type", "");
        boolean grpc = contentType.regionMatches(true, 0, "application/grpc", 0, "application/grpc".length());
        return ExchangeIdentity.builder(runtime.nextExchangeId(), runtime.identities())
                .request(headers.first(":method"), headers.first(":path"),
                        headers.first(":authority", headers.first("host", "")))
                .grpc(grpc).headers(headers).peer(peer.uriSan(), peer.address()).build();
    }

    /**
     * The mode override the headers' answer carries, or null. A response Sluice does not inspect
     * (images, video, archives) is not to be sent. A request labelled so is to be streamed rather
     * than held: its first chunk decides whether it is inspected, and a real upload then goes on
     * chunk by chunk instead of waiting whole in Envoy (or passing its buffer limit). A body with
     * no end in sight ({@link BodyFlow#openEnded}: a gRPC method's stream of requests or answers,
     * a feed) is to be streamed too: held until its end, its messages would wait until
     * the stream closed or Envoy's buffer filled. Only when
     * both configured modes are known (the override replaces both) and neither is full duplex
     * (Envoy does not switch into or out of it); Envoy heeds it only with
     * {@code allow_mode_override}.
     *
     * <p>A streaming override takes effect here: the stream's request or response mode becomes
     * {@code STREAMED}, so the caller must ask for the override before {@link #mode} reads it.
     */
    private ProcessingMode overrideModes(BodyFlow flow) {
        if (flow.state() != BodyFlow.State.OPEN || requestMode == null || responseMode == null
                || requestMode == BodyMode.FULL_DUPLEX_STREAMED || responseMode == BodyMode.FULL_DUPLEX_STREAMED) {
            return null;
        }
        boolean req = flow == request;
        if (flow.skipped()) {
            return ProcessingMode.newBuilder()
                    .setRequestBodyMode(req ? BodyMode.NONE.proto() : requestMode.proto())
                    .setResponseBodyMode(req ? responseMode.proto() : BodyMode.NONE.proto()).build();
        }
        if (req && (flow.checksLabel() || flow.openEnded()) && requestMode.holdsHeaders()) {
            requestMode = BodyMode.STREAMED;
        } else if (!req && flow.openEnded() && responseMode.holdsHeaders()) {
            responseMode = BodyMode.STREAMED;
        } else {
            return null;
        }
        return ProcessingMode.newBuilder().setRequestBodyMode(requestMode.proto())
                .setResponseBodyMode(responseMode.proto()).build();
    }

    private void onBody(BodyFlow flow, HttpBody body) {
        if (flow.state() == BodyFlow.State.AWAITING_HEADERS) {
            violation("body_before_headers");
            return;
        }
        if (flow.state() == BodyFlow.State.ENDED) {
            violation("body_after_end");
            return;
        }
        BodyMode mode = mode(flow);
        if (mode == BodyMode.NONE) {
            violation("body_in_mode_none");
            return;
        }
        byte[] chunk = body.getBody().toByteArray();
        boolean eos = body.getEndOfStream();
        BodyStep step = flow.onBody(chunk, eos || mode.holdsHeaders(), eos, mode);
        if (flow.skipped()) {
            reportHeadAlone(flow);
        }
        if (step.blockReason() != null && block(flow, mode, step)) {
            return;
        }
        // A block still standing here could not be carried out (headers gone, fail rule open): say so.
        Struct metadata = step.ended() ? finishedWithNote(flow, step, unblockedNote(step)) : null;
        if (mode == BodyMode.FULL_DUPLEX_STREAMED) {
            byte[] data = step.released() != null ? step.released() : chunk;
            if (data.length > 0 || eos || metadata != null) {
                reply(Replies.streamed(flow.direction(), data, eos, metadata));
            }
            return;
        }
        HeaderMutation mutation = null;
        if (step.ended() && mode.holdsHeaders()) {
            HeaderMutation.Builder m = HeaderMutation.newBuilder()
                    .addSetHeaders(Replies.header(Replies.VERDICT_HEADER, verdictLabel(flow, step)));
            if (step.released() != null && flow.decodesBody(mode)) {
                m.addRemoveHeaders("content-encoding"); // released decoded
            }
            if (step.released() != null && flow.contentLength() != null) {
                m.addSetHeaders(Replies.header("content-length", Integer.toString(step.released().length)));
            }
            mutation = m.build();
        }
        reply(Replies.body(flow.direction(), step.released(), mutation, metadata));
    }

    /**
     * The end of a body at its trailers. A response's trailers are read as its head is (a gRPC
     * call that fails after its messages says why in {@code grpc-message}) and decided with the
     * body they end; when the body was decided already (a held body, answered before its
     * trailers came) or there was none, on their own. Their redacted values are set in the
     * trailers' answer. A request's trailers are read for attacks, as its head's fields are, and
     * never rewritten, as in {@code sluice serve}.
     */
    private void onTrailers(BodyFlow flow, HttpTrailers fields) {
        if (flow.state() == BodyFlow.State.AWAITING_HEADERS) {
            violation("trailers_before_headers");
            return;
        }
        if (flow.endOfStream()) {
            violation("trailers_after_end");
            return;
        }
        long start = System.nanoTime();
        // A route that reads nothing in this direction (or a message its sample left out) reads no trailers either.
        InspectedTrailers trailers = fields == null || fields.getTrailers().getHeadersCount() == 0
                || !flow.inspectsFields() ? null
                : InspectedTrailers.of(runtime.inspector(), EnvoyHeaders.trailers(flow.direction(), flow.status(),
                        exchange == null ? null : exchange.method(), fields.getTrailers()), flow.direction());
        if (!flow.inspecting()) {
            flow.onEnd(true);
            trailersAlone(flow, trailers, start);
            return;
        }
        BodyMode mode = mode(flow);
        flow.withTrailers(trailers);
        BodyStep step = flow.onEnd(true);
        if (step.blockReason() != null && block(flow, mode, step)) {
            return;
        }
        byte[] tail = step.released();
        boolean tailLost = false;
        if (tail != null && tail.length > 0) {
            if (mode == BodyMode.FULL_DUPLEX_STREAMED) {
                reply(Replies.streamed(flow.direction(), tail, false, null));
            } else {
                tailLost = true; // a trailers answer cannot carry body bytes
            }
        }
        if (tailLost && closedAfterHeaders(step.decision()) && !observability) {
            report(flow, step, ExchangeAction.BLOCK, NOTE_TAIL_LOST, blockedAs(flow, mode));
            reply(blockReply(step.decision(), null));
            end();
            return;
        }
        HeaderMutation mutation = redacted(trailers, step.decision(), step.result());
        if (mutation != null) {
            flow.markHeadRedacted(); // the body's event says the response left redacted
        }
        Struct metadata = finishedWithNote(flow, step, tailLost ? NOTE_TAIL_LOST : unblockedNote(step));
        reply(Replies.trailers(flow.direction(), metadata, mutation));
    }

    /**
     * Trailers that end no inspection still open: decided with the head's findings still waiting
     * (the body never came), else alone (a held body was answered before Envoy sent them). A block
     * is a clean refusal while Envoy still holds the headers (the buffered modes hold them until
     * the trailers are answered); after they have left, it resets the response when the route's
     * fail rule for limits is closed, and is reported as an alert otherwise.
     */
    private void trailersAlone(BodyFlow flow, InspectedTrailers trailers, long start) {
        InspectionResult head = flow.takeHead();
        InspectionResult result = trailers == null ? head : trailers.after(head);
        if (result == null) {
            reply(Replies.trailers(flow.direction(), null, null));
            return;
        }
        Conclusion c = Conclusion.decide(runtime.engine(), exchange, flow.direction(), result);
        Delivery refusal = blockedAs(flow, mode(flow));
        boolean refused = c.blocks() && !observability
                && (refusal == Delivery.BLOCKED || closedAfterHeaders(c.decision()));
        String note = !c.blocks() || refused && refusal == Delivery.BLOCKED ? null
                : observability ? NOTE_OBSERVABILITY : NOTE_HEADERS_SENT;
        HeaderMutation mutation = refused ? null : redacted(trailers, c.decision(), result);
        boolean rewrote = mutation != null || head != null && flow.headRedacted();
        Delivery delivery = refused ? refusal : rewrote ? Delivery.REDACTED : Delivery.FORWARDED;
        ExchangeAction action = reportAlone(flow, result, c, System.nanoTime() - start, delivery, note);
        Struct metadata = VerdictMetadata.of(exchange, flow.direction(), label(c.decision(), action), result,
                c.decision(), note);
        if (refused) {
            reply(blockReply(c.decision(), metadata));
            end();
            return;
        }
        reply(Replies.trailers(flow.direction(), metadata, mutation));
    }

    /**
     * The trailers' values {@code decision} (made over {@code merged}) redacts, as a mutation of
     * the trailers; null when there are none (or Envoy takes no answer).
     */
    private HeaderMutation redacted(InspectedTrailers trailers, Decision decision, InspectionResult merged) {
        if (trailers == null || observability) {
            return null;
        }
        HeaderMutation.Builder mutation = HeaderMutation.newBuilder();
        for (HeadRedactor.Rewritten field : trailers.redacted(decision, merged)) {
            Replies.rewritten(mutation, field);
        }
        return mutation.getSetHeadersCount() == 0 && mutation.getRemoveHeadersCount() == 0 ? null : mutation.build();
    }

    /**
     * Carries out a block; false when it is not carried out now (the headers have left, the fail
     * rule is open, and the body is still streaming: the decision at its end reports it).
     */
    private boolean block(BodyFlow flow, BodyMode mode, BodyStep step) {
        if (observability) {
            return false; // Envoy ignores every answer: nothing can be blocked
        }
        Delivery delivery = blockedAs(flow, mode);
        if (delivery == Delivery.RESET && !step.forced() && !closedAfterHeaders(step.decision())) {
            return false;
        }
        BodyStep ended = step.ended() ? step : flow.onEnd(false);
        String note = delivery == Delivery.BLOCKED ? null : NOTE_HEADERS_SENT;
        report(flow, ended, ExchangeAction.BLOCK, note, delivery);
        reply(blockReply(ended.decision(), VerdictMetadata.of(exchange, flow.direction(), "block",
                ended.result(), ended.decision(), note)));
        end();
        return true;
    }

    /**
     * What an immediate response does to a body in {@code mode}: a clean refusal while nothing of
     * the response has left (any request, a response whose headers Envoy holds), else a reset.
     */
    private static Delivery blockedAs(BodyFlow flow, BodyMode mode) {
        return flow.direction() == Direction.REQUEST || mode.holdsHeaders() ? Delivery.BLOCKED : Delivery.RESET;
    }

    /** Why a block the body ended with was not carried out, or null when there was none. */
    private String unblockedNote(BodyStep step) {
        if (step.blockReason() == null) {
            return null;
        }
        return observability ? NOTE_OBSERVABILITY : NOTE_HEADERS_SENT;
    }

    /**
     * Whether a block that can no longer be a clean 403 resets the response: the route's fail rule
     * for limits ({@code decision}'s, or the request route's when there is none).
     */
    private boolean closedAfterHeaders(Decision decision) {
        Mode mode = decision != null ? decision.mode() : exchange.plan(Direction.REQUEST).mode();
        if (mode != Mode.ENFORCE) {
            return false;
        }
        FailRule rule = decision != null ? decision.failRule() : failRule(exchange);
        return rule.failsClosed(FailureKind.LIMIT);
    }

    /** Reports a body that ended and was let through; returns the metadata for its answer. */
    private Struct finishedWithNote(BodyFlow flow, BodyStep step, String note) {
        Delivery delivery = delivered(flow, step);
        ExchangeAction action = carriedOut(step.conclusion(), delivery);
        report(flow, step, action, note, delivery);
        return VerdictMetadata.of(exchange, flow.direction(), label(step.decision(), action), step.result(),
                step.decision(), note);
    }

    private void report(BodyFlow flow, BodyStep step, ExchangeAction action, String note, Delivery delivery) {
        var e = reporter.body(exchange, flow.direction(), flow.status(), step.result(), step.conclusion(),
                step.nanos(), action, note);
        if (e != null) {
            e.delivery(delivery);
            if (flow.overflowed() && step.result().outcome() == Outcome.COMPLETE) {
                e.outcome(Outcome.HELD_BYTES_LIMIT); // inspected whole, but its rewriting could not be released
            }
        }
        reporter.submit(e);
    }

    /** What became of a body that ended and was let through: redacted when it left with the decision's masks. */
    private Delivery delivered(BodyFlow flow, BodyStep step) {
        boolean redacted = !observability && !step.decision().detectOnly()
                && (flow.rewritten() && flow.redactedBody() || flow.headRedacted());
        return redacted ? Delivery.REDACTED : Delivery.FORWARDED;
    }

    /**
     * The action as carried out, as {@code sluice serve} reports it ({@link Conclusion#carriedOut}),
     * and in enforce mode a block that did not happen (headers gone with the fail rule open,
     * observability mode) is an alert too.
     */
    private static ExchangeAction carriedOut(Conclusion c, Delivery delivery) {
        ExchangeAction a = c.carriedOut(delivery);
        boolean blocked = delivery == Delivery.BLOCKED || delivery == Delivery.RESET;
        return a == ExchangeAction.BLOCK && !c.decision().detectOnly() && !blocked ? ExchangeAction.ALERT : a;
    }

    private static String label(Decision decision, ExchangeAction action) {
        String mode = decision.mode() == Mode.DETECT ? "; detect" : "";
        return action.label() + mode;
    }

    private String verdictLabel(BodyFlow flow, BodyStep step) {
        return label(step.decision(), carriedOut(step.conclusion(), delivered(flow, step)));
    }

    private BodyMode mode(BodyFlow flow) {
        BodyMode m = flow == request ? requestMode : responseMode;
        return m == null ? BodyMode.STREAMED : m;
    }

    private void violation(String what) {
        fail(FailureKind.PARSE_ERROR, "ext_proc_protocol:" + what);
    }

    /** Ends the stream for something Sluice cannot process, per the fail rule for {@code kind}. */
    private void fail(FailureKind kind, String reason) {
        Policy policy = runtime.policy();
        FailRule rule = exchange != null ? failRule(exchange)
                : policy.mode() == Mode.DETECT ? FailRule.OPEN : policy.failRule(policy.defaults());
        boolean closed = rule.failsClosed(kind);
        Direction direction = response.state() != BodyFlow.State.AWAITING_HEADERS ? Direction.RESPONSE
                : Direction.REQUEST;
        BodyPlan plan = exchange != null ? exchange.plan(direction) : null;
        String route = plan != null ? plan.route() : policy.defaults().name();
        // A gRPC error makes Envoy answer 500, or reset a response whose headers have left.
        Delivery delivery = !closed ? Delivery.FORWARDED : direction == Direction.RESPONSE
                && !mode(response).holdsHeaders() ? Delivery.RESET : Delivery.BLOCKED;
        Mode mode = plan != null ? plan.mode() : policy.mode();
        reporter.stopped(exchange, direction, mode, route, closed ? ExchangeAction.BLOCK : ExchangeAction.ALLOW, reason,
                delivery);
        end();
        Status status = kind == FailureKind.TIMEOUT ? Status.DEADLINE_EXCEEDED : Status.INVALID_ARGUMENT;
        closeOut(closed ? status.withDescription("sluice ext_proc: " + reason).asRuntimeException() : null);
    }

    /** Closes our side of the stream: with {@code error}, or cleanly when it is null. */
    private void closeOut(Throwable error) {
        if (outClosed) {
            return;
        }
        outClosed = true;
        stopIdleCheck();
        if (error != null) {
            out.onError(error);
        } else {
            out.onCompleted();
        }
    }

    /** The rule for an exchange this server cannot process as asked: the request route's; open in detect mode. */
    private static FailRule failRule(ExchangeIdentity exchange) {
        BodyPlan plan = exchange.plan(Direction.REQUEST);
        return plan.mode() == Mode.DETECT ? FailRule.OPEN : plan.failRule();
    }

    /**
     * Ends a stream idle for the timeout. Once Sluice is done with a stream (a block answered, a
     * failure) Envoy closes it; one that has not done so a timeout later is closed from here, so
     * no client can keep streams, and what they hold, open for ever.
     */
    private void checkIdle() {
        synchronized (this) {
            if (outClosed) {
                stopIdleCheck();
            } else if (done) {
                if (System.nanoTime() - doneAt >= idleNanos) {
                    closeOut(null);
                }
            } else if (System.nanoTime() - lastActivity >= idleNanos) {
                fail(FailureKind.TIMEOUT, "ext_proc_idle_timeout");
            }
        }
    }

    /** Sluice's block for a body or head decided by {@code decision} (null: none), answered as its route configures. */
    private ProcessingResponse blockReply(Decision decision, Struct metadata) {
        BlockAnswer answer = exchange.policy().blockAnswer(decision == null ? Route.DEFAULT_NAME : decision.route());
        return Replies.block(exchange.id(), exchange.grpc(), answer, metadata);
    }

    private void reply(ProcessingResponse r) {
        if (!observability) {
            out.onNext(r);
        }
    }

    /** Sluice is done with this stream: inspections closed. Envoy closes the stream (see {@link #checkIdle}). */
    private void end() {
        done = true;
        doneAt = System.nanoTime();
        request.close();
        response.close();
    }

    private void stopIdleCheck() {
        if (idleCheck != null) {
            idleCheck.cancel(false);
        }
    }

    @Override
    public synchronized void onError(Throwable t) {
        // Envoy cancelled the stream (the client went away, a timeout on its side): nothing to answer.
        outClosed = true;
        stopIdleCheck();
        if (!done) {
            end();
        }
    }

    @Override
    public synchronized void onCompleted() {
        if (done) {
            closeOut(null); // Sluice was done already: close our side too
            return;
        }
        // Envoy closed its side: bodies still open ended with it; report them, then close ours.
        for (BodyFlow flow : new BodyFlow[] {request, response}) {
            if (flow.inspecting()) {
                BodyStep step = flow.onEnd(true);
                finishedWithNote(flow, step, "stream_closed_before_body_end");
            } else {
                reportHeadAlone(flow); // its body never came
            }
        }
        end();
        closeOut(null);
    }

    @Override
    public String toString() {
        return "ProcessingStream[" + exchange + "]";
    }
}
