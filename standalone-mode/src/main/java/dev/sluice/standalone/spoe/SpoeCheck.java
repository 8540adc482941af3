package dev.sluice.standalone.spoe;

import dev.sluice.inspector.BodySpec;
import dev.sluice.inspector.InspectionResult;
import dev.sluice.inspector.InspectionSession;
import dev.sluice.inspector.MediaKind;
import dev.sluice.inspector.Outcome;
import dev.sluice.inspector.head.HeadBytes;
import dev.sluice.inspector.head.HeadRedactor;
import dev.sluice.inspector.head.TargetRedactor;
import dev.sluice.inspector.redact.BodyRewriter;
import dev.sluice.inspector.redact.PolicyPlans;
import dev.sluice.matchers.Direction;
import dev.sluice.policy.BodyPlan;
import dev.sluice.policy.Action;
import dev.sluice.policy.BlockAnswer;
import dev.sluice.policy.FailRule;
import dev.sluice.policy.FailureKind;
import dev.sluice.policy.FindingDecision;
import dev.sluice.policy.Mode;
import dev.sluice.policy.Policy;
import dev.sluice.standalone.events.Delivery;
import dev.sluice.standalone.events.ExchangeAction;
import dev.sluice.standalone.exchange.BodyReporter;
import dev.sluice.standalone.exchange.Conclusion;
import dev.sluice.standalone.exchange.ExchangeIdentity;
import dev.sluice.standalone.exchange.MessageHeads;
import dev.sluice.standalone.serve.SharedRuntime;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One SPOE message turned into an inspected, decided and reported body. The message carries the
 * whole body HAProxy holds (its {@code wait-for-body} rule), so the body is decided whole, minimum
 * counts included, and a redaction is a second pass with the decision's masks, as for a buffered
 * body of the other front ends.
 *
 * <p>Arguments, as the shipped {@code deploy/haproxy/sluice-spoe.conf} sends them: {@code method},
 * {@code path}, {@code headers} (the request's {@code req.hdrs_bin}), {@code src}, {@code body};
 * the response message adds {@code status} and {@code res_headers} ({@code res.hdrs_bin}) and
 * sends the request's facts saved in transaction variables. Routes, source and token identity come
 * from the request's facts in both directions.
 *
 * <p>HAProxy sends at most what its buffer holds: a body shorter than its Content-Length, or one
 * without a declared length that the configuration says filled the buffer ({@code cut}), was cut
 * by HAProxy, and counts as an inspection stopped by a limit (the route's fail rule decides).
 * Redactions are carried out by the shipped configuration: a request's target by {@code set-pathq},
 * header fields and bodies by {@code sluice.lua}. What it cannot carry out is a limit
 * too: a redacted request body where the configuration has not turned {@code sluice.lua}'s filter
 * on ({@code body_filter}) or that is not known whole (it may have been cut), a redacted gRPC
 * answer where no filter replaces it (a Lua answer would lack the trailers), a body holding a NUL
 * byte that would go back in a Lua answer ({@link ReturnableBody}), and masked values larger than
 * the ACK frame can carry.
 */
final class SpoeCheck {
    static final String REQUEST_MESSAGE = "sluice-request";
    static final String RESPONSE_MESSAGE = "sluice-response";
    static final String NOTE_TRUNCATED = "spoe_body_truncated";
    /** The argument saying HAProxy's configuration replaces a redacted body with a filter as it forwards it. */
    static final String BODY_FILTER = "body_filter";
    /**
     * The argument saying HAProxy did not wait for this body (a streaming path, server-sent
     * events): what it sent is the start of a stream, so a message cut at its end is a limit
     * reached, not a malformed body.
     */
    static final String STREAMING = "streaming";
    /**
     * The argument saying whether HAProxy's buffer filled before the end of a body without a
     * declared length: true, the body was cut there; false, it is whole; missing, a configuration
     * that does not tell (then only a declared length shows a request body whole).
     */
    static final String CUT = "cut";
    static final String NOTE_REDACTION_NOT_POSSIBLE = "redaction_not_possible:haproxy";
    static final int MAX_DETECTORS_CHARS = 256;

    private final SharedRuntime runtime;
    private final BodyReporter reporter;

    SpoeCheck(SharedRuntime runtime, BodyReporter reporter) {
        this.runtime = runtime;
        this.reporter = reporter;
    }

    /** The direction of a message this agent reads, or null for any other message name. */
    static Direction directionOf(String messageName) {
        return switch (messageName) {
            case REQUEST_MESSAGE -> Direction.REQUEST;
            case RESPONSE_MESSAGE -> Direction.RESPONSE;
            default -> null;
        };
    }

    /** Whether the gRPC method of a {@value StreamingMethod#MESSAGE} message streams, by its schema. */
    CompletableFuture<StreamingMethod> streams(SpoeMessage m) {
        return StreamingMethod.of(m, runtime);
    }

    /**
     * Inspects, decides and reports the body of {@code m}; a redacted body is returned only when it
     * has at most {@code bodyBudget} bytes. A failure of Sluice's own is decided by the default
     * route's fail rule, never thrown.
     */
    SpoeVerdict check(SpoeMessage m, Direction direction, int bodyBudget) {
        HaproxyHeaders request;
        ExchangeIdentity exchange;
        try {
            request = HaproxyHeaders.parse(m.binary("headers"));
            exchange = identify(m, request);
        } catch (RuntimeException e) {
            return failed(null, direction, "internal_error:" + e.getClass().getSimpleName());
        }
        try {
            HaproxyHeaders own = direction == Direction.REQUEST ? request : HaproxyHeaders.parse(m.binary("res_headers"));
            return inspect(m, exchange, direction, own, bodyBudget);
        } catch (RuntimeException e) {
            return failed(exchange, direction, "internal_error:" + e.getClass().getSimpleName());
        }
    }

    private ExchangeIdentity identify(SpoeMessage m, HaproxyHeaders request) {
        String contentType = request.first("content-type");
        boolean grpc = contentType != null && contentType.regionMatches(true, 0, "application/grpc", 0, 16);
        String host = request.first("host");
        return ExchangeIdentity.builder(runtime.nextExchangeId(), runtime.identities())
                .request(m.string("method", "GET"), m.string("path", "/"), host == null ? "" : host)
                .grpc(grpc).headers(request).peer(null, m.address("src")).build();
    }

    /** {@code headers}: the headers of the body's own message (the request's, or the response's). */
    private SpoeVerdict inspect(SpoeMessage m, ExchangeIdentity exchange, Direction direction, HaproxyHeaders headers,
                                int bodyBudget) {
        BodyPlan plan = exchange.plan(direction);
        if (!plan.inspects()) {
            return allowUnread(exchange, direction, plan); // the route acts on nothing here, or sampled it out
        }
        int status = direction == Direction.RESPONSE ? (int) m.integer("status", 0) : 0;
        byte[] body = m.binary("body");
        long start = System.nanoTime();
        // The head comes with its body: the request's target, cookies and header values, or the
        // response's header values, are inspected with it, their findings after the body's.
        HeadBytes headBytes = direction == Direction.REQUEST
                ? HaproxyHeaders.requestHead(m.string("method", "GET"), m.string("path", "/"), m.binary("headers"))
                : HaproxyHeaders.responseHead(status, m.binary("res_headers"));
        InspectionResult head = direction == Direction.REQUEST ? runtime.inspector().inspectRequestHead(headBytes)
                : runtime.inspector().inspectResponseHead(headBytes);
        boolean headFound = MessageHeads.holdsAnything(head);
        // A request labelled as an image, font or archive is inspected unless its bytes are one.
        String contentType = body == null || body.length == 0 ? null
                : SharedRuntime.inspectAs(direction, headers.first("content-type"), ByteBuffer.wrap(body));
        if (contentType == null && !headFound) {
            return allowUnread(exchange, direction, plan);
        }
        String encoding = headers.first("content-encoding");
        BodySpec spec = BodySpec.builder(direction).contentType(contentType).contentEncoding(encoding)
                .protobuf(exchange.grpc() ? runtime.protobuf(exchange.path(), direction, headers.first("grpc-encoding"))
                        : null).maxInspectedBytes(plan.limits().maxInspectedBytes()).build();
        InspectionResult own = null;
        boolean wholeOutput = true;
        if (contentType != null) {
            try (InspectionSession s = runtime.inspector().open(spec)) {
                s.feed(body, 0, body.length);
                own = s.finish();
                wholeOutput = s.outputComplete();
            }
        }
        InspectionResult result = MessageHeads.merge(own, headFound ? head : null);
        Boolean cut = m.told(CUT);
        boolean truncated = cutByHaproxy(headers, body == null ? 0 : body.length) || Boolean.TRUE.equals(cut)
                || m.bool(STREAMING) && result.outcome() == Outcome.TRUNCATED;
        String note = truncated ? NOTE_TRUNCATED : null;
        Conclusion c = Conclusion.decide(runtime.engine(), exchange, direction, result,
                truncated ? FailureKind.LIMIT : Conclusion.failureOf(result.outcome()));
        byte[] redacted = null;
        String pathq = null;
        byte[] fields = null;
        boolean redactionImpossible = false;
        boolean enforced = !c.blocks() && !c.decision().detectOnly();
        int room = bodyBudget;
        if (enforced) {
            // The head's masked values: the request's path and query (HAProxy's set-pathq) and the
            // header fields of either message (sluice.lua), in the ACK frame before any body.
            int headFirst = own == null ? 0 : own.findings().size();
            List<HeadRedactor.Rewritten> rewritten = HeadRedactor.rewrite(headBytes, c.decision(), result.findings(),
                    headFirst);
            fields = rewritten.isEmpty() ? null : HeaderList.of(rewritten);
            pathq = direction == Direction.REQUEST
                    ? TargetRedactor.rewrite(headBytes, c.decision(), result.findings(), headFirst) : null;
            room -= (fields == null ? 0 : fields.length)
                    + (pathq == null ? 0 : pathq.getBytes(StandardCharsets.UTF_8).length);
            redactionImpossible = room < 0;
        }
        if (enforced && !redactionImpossible && MessageHeads.redactsBody(c.decision(), own)) {
            // A body is replaced as HAProxy forwards it by a filter of sluice.lua where the
            // configuration has one (and says so in the message): a request's, and a gRPC answer's,
            // which keeps its trailers (grpc-status) so; any other answer is a Lua answer, which has
            // none, and needs none for grpc-web, whose trailers are a frame of the body. A request
            // body only when it is known whole, by its declared length or by the configuration
            // (cut: false): a chunked body the buffer cut looks whole here, and its rest would
            // follow the mask.
            boolean viaFilter = m.bool(BODY_FILTER);
            boolean httpTrailers = exchange.grpc() && !MediaKind.grpcWeb(headers.first("content-type"));
            boolean knownWhole = headers.first("content-length") != null || Boolean.FALSE.equals(cut);
            boolean returnable = wholeOutput && !truncated && (direction == Direction.RESPONSE
                    ? viaFilter || !httpTrailers
                    : viaFilter && knownWhole);
            redacted = returnable ? redact(spec, body, c, result, room, !viaFilter) : null;
            redactionImpossible = redacted == null;
        }
        if (redactionImpossible) {
            c = Conclusion.of(c.decision(), FailureKind.LIMIT);
            note = note == null ? NOTE_REDACTION_NOT_POSSIBLE : note + "; " + NOTE_REDACTION_NOT_POSSIBLE;
        }
        if (c.blocks() || redactionImpossible) {
            pathq = null; // refused, or reported as a limit: the head goes on as it came
            fields = null;
        }
        Delivery delivery = c.blocks() ? Delivery.BLOCKED
                : redacted != null || pathq != null || fields != null ? Delivery.REDACTED : Delivery.FORWARDED;
        ExchangeAction action = c.carriedOut(delivery);
        var e = reporter.body(exchange, direction, status, result, c, System.nanoTime() - start, action, note);
        if (e != null) {
            e.delivery(delivery);
            // HAProxy's cut, not the sender's: a body read to its cut end, or read as ending early.
            if (truncated && (result.outcome() == Outcome.COMPLETE || result.outcome() == Outcome.TRUNCATED)) {
                e.outcome(Outcome.INSPECTED_BYTES_LIMIT);
            }
        }
        reporter.submit(e);
        ExchangeAction told = c.decision().detectOnly() && action != ExchangeAction.ALLOW ? ExchangeAction.ALERT : action;
        return summary(exchange, c, result, told, new Redacted(redacted, pathq, fields), bodyBudget);
    }

    /** Allows a message with nothing to read in it (recorded as an allowed exchange, no event). */
    private SpoeVerdict allowUnread(ExchangeIdentity exchange, Direction direction, BodyPlan plan) {
        reporter.passedUnread(direction, plan);
        reporter.stopped(null, direction, plan.mode(), plan.route(), ExchangeAction.ALLOW, null, null);
        return SpoeVerdict.allow(exchange.id());
    }

    /** True when HAProxy sent less of the body than its Content-Length announced (its buffer was full). */
    private static boolean cutByHaproxy(HaproxyHeaders headers, int sent) {
        String length = headers.first("content-length");
        return length != null && SharedRuntime.declaredLength(length.trim()) > sent;
    }

    /**
     * The body with the decision's masks, or null when it cannot be returned whole in {@code budget}
     * bytes, or holds a NUL byte where it goes back in a Lua answer ({@code answered}).
     */
    private byte[] redact(BodySpec spec, byte[] body, Conclusion c, InspectionResult first, int budget,
                          boolean answered) {
        BodyRewriter.Rewritten r = BodyRewriter.rewrite(runtime.inspector(), spec, body,
                PolicyPlans.of(c.decision(), first.findings()));
        String out = r.outputEncoding();
        // HAProxy returns it without the original Content-Encoding: only a plain (or decoded) output fits that.
        boolean plain = out == null || out.equals(InspectionSession.IDENTITY);
        if (!plain || r.body().length > budget) {
            return null;
        }
        return answered && ReturnableBody.holdsNul(r.body()) ? null : r.body();
    }

    /** What the agent sends in place of the original: the body, a request's target, header fields. */
    private record Redacted(byte[] body, String pathq, byte[] fields) {
    }

    private static SpoeVerdict summary(ExchangeIdentity exchange, Conclusion c, InspectionResult result,
                                       ExchangeAction told, Redacted redacted, int bodyBudget) {
        List<FindingDecision> decided = c.decision().findings();
        Set<String> ids = new LinkedHashSet<>();
        int counted = 0;
        for (int i = 0; i < decided.size(); i++) {
            if (decided.get(i).action() != Action.IGNORE) {
                counted++;
                ids.add(result.findings().get(i).id());
            }
        }
        StringBuilder detectors = new StringBuilder();
        for (String id : ids) {
            if (detectors.length() + id.length() + 1 > MAX_DETECTORS_CHARS) {
                break;
            }
            detectors.append(detectors.isEmpty() ? "" : ",").append(id);
        }
        // A route's own answer to a refused client, for sluice.lua; gRPC keeps PERMISSION_DENIED.
        // One the ACK frame cannot carry leaves HAProxy's built-in refusal to answer.
        BlockAnswer answer = told == ExchangeAction.BLOCK && !exchange.grpc()
                ? exchange.policy().blockAnswer(c.decision().route()) : null;
        SpoeVerdict.Refusal refusal = answer == null ? null : SpoeVerdict.Refusal.of(answer, exchange.id());
        if (refusal != null && refusal.size() > bodyBudget) {
            refusal = null;
        }
        boolean redacts = told == ExchangeAction.REDACT;
        return new SpoeVerdict(told, exchange.id(), counted, detectors.toString(), redacts ? redacted.body() : null,
                redacts ? redacted.pathq() : null, redacts ? redacted.fields() : null, refusal);
    }

    /**
     * A message Sluice could not process: the default route's fail rule for parse errors decides
     * (open in detect mode), as the ext_proc server does for what it cannot process.
     */
    private SpoeVerdict failed(ExchangeIdentity exchange, Direction direction, String reason) {
        Policy policy = runtime.policy();
        FailRule rule = policy.mode() == Mode.DETECT ? FailRule.OPEN : policy.failRule(policy.defaults());
        boolean closed = rule.failsClosed(FailureKind.PARSE_ERROR);
        ExchangeAction action = closed ? ExchangeAction.BLOCK : ExchangeAction.ALLOW;
        reporter.stopped(exchange, direction, policy.mode(), policy.defaults().name(), action, reason,
                closed ? Delivery.BLOCKED : Delivery.FORWARDED);
        return new SpoeVerdict(action, exchange == null ? null : exchange.id(), 0, "", null, null, null, null);
    }
}
