package dev.sluice.standalone.extproc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.HeaderMap;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.core.v3.Metadata;
import io.envoyproxy.envoy.service.ext_proc.v3.BodyMutation;
import io.envoyproxy.envoy.service.ext_proc.v3.CommonResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.ExternalProcessorGrpc;
import io.envoyproxy.envoy.service.ext_proc.v3.HeaderMutation;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpBody;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpHeaders;
import io.envoyproxy.envoy.service.ext_proc.v3.HttpTrailers;
import io.envoyproxy.envoy.service.ext_proc.v3.ImmediateResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.ProtocolConfiguration;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Plays Envoy's side of the ext_proc protocol over real gRPC, as Envoy's
 * {@code external_processor.proto}, {@code processing_mode.proto} and {@code ext_proc.proto}
 * specify it: headers, then the body as the body mode sends it (one message in the buffered
 * modes, cut at the buffer limit in {@code BUFFERED_PARTIAL}; chunk by chunk in the streamed
 * modes), then trailers when their mode is SEND; {@code end_of_stream} on the last message of each
 * direction; outside full duplex exactly one answer per message, of the matching kind, within the
 * message timeout — anything else is a spurious reply; in full duplex, the body back as streamed
 * responses until one says end of stream (or the trailers answer). Answers are applied as Envoy
 * applies them: header mutations (in body answers only while the headers are held), body
 * mutations, mode overrides, immediate responses (a reset once the response headers have left),
 * dynamic metadata. A clean close by the server lets the rest pass unprocessed; an error or a
 * timeout gives a 500 unless {@code failure_mode_allow}.
 */
final class EnvoySide implements AutoCloseable {
    private final ManagedChannel channel;

    EnvoySide(int port) {
        this.channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
                .maxInboundMessageSize(64 << 20).build();
    }

    ExchangeResult run(EnvoyFilterConfig cfg, HttpMessage request, HttpMessage response) {
        return run(cfg, request, response, Map.of(), null);
    }

    ExchangeResult run(EnvoyFilterConfig cfg, HttpMessage request, HttpMessage response, Map<String, String> attributes,
                       Metadata metadata) {
        return new Conversation(cfg, attributes, metadata).run(request, response);
    }

    /** A raw stream to the server, for tests that break the protocol on purpose. */
    RawStream raw() {
        RawStream s = new RawStream();
        s.toServer = ExternalProcessorGrpc.newStub(channel).process(s.observer());
        return s;
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    /** What the server sent, in order: responses, then {@link #COMPLETED} or a {@link Status}. */
    static class RawStream {
        static final Object COMPLETED = new Object();
        final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        StreamObserver<ProcessingRequest> toServer;

        StreamObserver<ProcessingResponse> observer() {
            return new StreamObserver<>() {
                @Override
                public void onNext(ProcessingResponse r) {
                    inbox.add(r);
                }

                @Override
                public void onError(Throwable t) {
                    inbox.add(Status.fromThrowable(t));
                }

                @Override
                public void onCompleted() {
                    inbox.add(COMPLETED);
                }
            };
        }

        void send(ProcessingRequest r) {
            toServer.onNext(r);
        }

        /** The next thing from the server, or null after {@code millis}. */
        Object next(long millis) throws InterruptedException {
            return inbox.poll(millis, TimeUnit.MILLISECONDS);
        }
    }

    private enum Kind { HEADERS, BODY, TRAILERS }

    /** Why the conversation stopped processing. */
    private enum Stop { NONE, LOCAL_REPLY, SERVER_CLOSED, FAILED }

    private final class Conversation extends RawStream {
        private final EnvoyFilterConfig cfg;
        private final Map<String, String> attributes;
        private final Metadata metadata;
        private final ExchangeResult.Builder result = new ExchangeResult.Builder();
        private BodyMode requestMode;
        private BodyMode responseMode;
        private boolean first = true;
        private boolean processing = true;
        private boolean cancelled;
        /** The current direction's trailers, as their answer left them; null without trailers. */
        private Map<String, String> trailerFields;

        Conversation(EnvoyFilterConfig cfg, Map<String, String> attributes, Metadata metadata) {
            this.cfg = cfg;
            this.attributes = attributes;
            this.metadata = metadata;
            this.requestMode = cfg.requestBody();
            this.responseMode = cfg.responseBody();
            this.toServer = ExternalProcessorGrpc.newStub(channel).process(observer());
        }

        ExchangeResult run(HttpMessage request, HttpMessage response) {
            try {
                if (direction(true, request) == Stop.NONE) {
                    direction(false, response);
                }
                if (!cancelled) {
                    toServer.onCompleted();
                }
                drainAfterEnd();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
            return result.build();
        }

        /** One direction through the filter; returns why processing stopped, if it did. */
        private Stop direction(boolean req, HttpMessage msg) throws InterruptedException {
            Map<String, String> headers = new LinkedHashMap<>(msg.headers());
            byte[] body = msg.body();
            boolean hasTrailers = msg.trailers() != null;
            // The trailers as they leave: their answer's mutations applied (full duplex: in body()).
            trailerFields = hasTrailers ? new LinkedHashMap<>(msg.trailers()) : null;
            ByteArrayOutputStream forwarded = new ByteArrayOutputStream();
            if (!processing) {
                pass(req, headers, body);
                return Stop.NONE;
            }
            HttpHeaders.Builder h = HttpHeaders.newBuilder().setHeaders(headerMap(headers))
                    .setEndOfStream(body.length == 0 && !hasTrailers);
            ProcessingRequest.Builder m = req ? ProcessingRequest.newBuilder().setRequestHeaders(h)
                    : ProcessingRequest.newBuilder().setResponseHeaders(h);
            Stop s = exchangeOne(m, Kind.HEADERS, req, headers, null, true);
            if (s != Stop.NONE) {
                return afterStop(s, req, headers, body);
            }
            BodyMode mode = req ? requestMode : responseMode;
            boolean headersHeld = mode == BodyMode.BUFFERED || mode == BodyMode.BUFFERED_PARTIAL;
            if (!headersHeld && !req) {
                result.responseHeaders(headers); // they leave now; later header mutations cannot reach them
            }
            if (body.length > 0 && mode != BodyMode.NONE) {
                s = body(req, mode, headers, msg, body, forwarded);
                if (s != Stop.NONE) {
                    return afterStop(s, req, headers, body);
                }
            } else {
                forwarded.writeBytes(body);
            }
            if (hasTrailers && cfg.sendTrailers() && mode != BodyMode.FULL_DUPLEX_STREAMED) {
                s = exchangeOne(trailers(req, msg), Kind.TRAILERS, req, trailerFields, null, true);
                if (s != Stop.NONE) {
                    return afterStop(s, req, headers, body);
                }
            }
            if (req) {
                result.requestHeaders(headers).requestBody(forwarded.toByteArray());
            } else {
                if (headersHeld) {
                    result.responseHeaders(headers);
                }
                result.responseBody(forwarded.toByteArray()).responseTrailers(trailerFields);
            }
            return Stop.NONE;
        }

        private Stop body(boolean req, BodyMode mode, Map<String, String> headers, HttpMessage msg, byte[] body,
                          ByteArrayOutputStream forwarded) throws InterruptedException {
            boolean trailers = msg.trailers() != null;
            switch (mode) {
                case BUFFERED -> {
                    if (body.length > cfg.bufferLimit()) {
                        result.localReply(req ? 413 : 500, Map.of(), new byte[0], -1);
                        return Stop.LOCAL_REPLY;
                    }
                    return exchangeOne(bodyMessage(req, body, !trailers), Kind.BODY, req, headers,
                            new Piece(body, forwarded), true);
                }
                case BUFFERED_PARTIAL -> {
                    int n = Math.min(body.length, cfg.bufferLimit());
                    byte[] part = java.util.Arrays.copyOf(body, n);
                    Stop s = exchangeOne(bodyMessage(req, part, n == body.length && !trailers), Kind.BODY, req,
                            headers, new Piece(part, forwarded), true);
                    forwarded.write(body, n, body.length - n); // beyond the limit: passes without the server
                    return s;
                }
                case STREAMED -> {
                    List<byte[]> chunks = msg.chunks();
                    for (int i = 0; i < chunks.size(); i++) {
                        boolean last = i == chunks.size() - 1;
                        Stop s = exchangeOne(bodyMessage(req, chunks.get(i), last && !trailers), Kind.BODY, req,
                                headers, new Piece(chunks.get(i), forwarded), false);
                        if (s != Stop.NONE) {
                            return s;
                        }
                    }
                    return Stop.NONE;
                }
                case FULL_DUPLEX_STREAMED -> {
                    return fullDuplex(req, msg, forwarded);
                }
                default -> throw new AssertionError(mode);
            }
        }

        /** Full duplex: every chunk goes at once; the body comes back as streamed responses. */
        private Stop fullDuplex(boolean req, HttpMessage msg, ByteArrayOutputStream forwarded)
                throws InterruptedException {
            boolean trailers = msg.trailers() != null && cfg.sendTrailers();
            List<byte[]> chunks = msg.chunks();
            for (int i = 0; i < chunks.size(); i++) {
                send(bodyMessage(req, chunks.get(i), i == chunks.size() - 1 && !trailers).build());
            }
            if (trailers) {
                send(trailers(req, msg).build());
            }
            if (cfg.observability()) {
                forwarded.writeBytes(msg.body());
                return Stop.NONE;
            }
            while (true) {
                Object o = next(cfg.messageTimeout().toMillis());
                Stop s = terminal(o);
                if (s != Stop.NONE) {
                    return s;
                }
                ProcessingResponse r = (ProcessingResponse) o;
                if (r.hasImmediateResponse()) {
                    return immediate(req, Kind.BODY, r.getImmediateResponse(), r);
                }
                merge(r);
                if (trailers && (req ? r.hasRequestTrailers() : r.hasResponseTrailers())) {
                    apply(req ? r.getRequestTrailers().getHeaderMutation() : r.getResponseTrailers().getHeaderMutation(),
                            trailerFields);
                    return Stop.NONE;
                }
                CommonResponse c = req ? r.getRequestBody().getResponse() : r.getResponseBody().getResponse();
                if (!(req ? r.hasRequestBody() : r.hasResponseBody()) || !c.getBodyMutation().hasStreamedResponse()) {
                    result.spurious("full duplex: expected a streamed body response, got " + r.getResponseCase());
                    return fail(req);
                }
                forwarded.writeBytes(c.getBodyMutation().getStreamedResponse().getBody().toByteArray());
                if (c.getBodyMutation().getStreamedResponse().getEndOfStream()) {
                    if (trailers) {
                        result.spurious("full duplex: end of stream in a body response before the trailers answer");
                    }
                    return Stop.NONE;
                }
            }
        }

        private record Piece(byte[] sent, ByteArrayOutputStream forwarded) {
        }

        /**
         * Sends one message and, outside observability mode, waits for its one answer; applies it.
         * {@code headersHeld}: a header mutation in the answer still reaches the headers.
         */
        private Stop exchangeOne(ProcessingRequest.Builder m, Kind kind, boolean req, Map<String, String> headers,
                                 Piece piece, boolean headersHeld) throws InterruptedException {
            send(m.build());
            if (cfg.observability()) {
                if (piece != null) {
                    piece.forwarded().writeBytes(piece.sent());
                }
                return Stop.NONE;
            }
            Object o = next(cfg.messageTimeout().toMillis());
            Stop s = terminal(o);
            if (s != Stop.NONE) {
                return s;
            }
            ProcessingResponse r = (ProcessingResponse) o;
            if (r.hasImmediateResponse()) {
                return immediate(req, kind, r.getImmediateResponse(), r);
            }
            ProcessingResponse.ResponseCase expected = switch (kind) {
                case HEADERS -> req ? ProcessingResponse.ResponseCase.REQUEST_HEADERS
                        : ProcessingResponse.ResponseCase.RESPONSE_HEADERS;
                case BODY -> req ? ProcessingResponse.ResponseCase.REQUEST_BODY
                        : ProcessingResponse.ResponseCase.RESPONSE_BODY;
                case TRAILERS -> req ? ProcessingResponse.ResponseCase.REQUEST_TRAILERS
                        : ProcessingResponse.ResponseCase.RESPONSE_TRAILERS;
            };
            if (r.getResponseCase() != expected) {
                result.spurious("expected " + expected + ", got " + r.getResponseCase());
                return fail(req);
            }
            merge(r);
            CommonResponse c = switch (r.getResponseCase()) {
                case REQUEST_HEADERS -> r.getRequestHeaders().getResponse();
                case RESPONSE_HEADERS -> r.getResponseHeaders().getResponse();
                case REQUEST_BODY -> r.getRequestBody().getResponse();
                case RESPONSE_BODY -> r.getResponseBody().getResponse();
                default -> null;
            };
            if (c != null && c.hasHeaderMutation() && headersHeld) {
                apply(c.getHeaderMutation(), headers);
            }
            if (kind == Kind.TRAILERS) {
                apply(req ? r.getRequestTrailers().getHeaderMutation() : r.getResponseTrailers().getHeaderMutation(),
                        headers); // here, the trailers
            }
            if (c != null && c.getBodyMutation().hasStreamedResponse()) {
                result.spurious("streamed body response outside full duplex");
                return fail(req);
            }
            if (piece != null) {
                BodyMutation bm = c == null ? BodyMutation.getDefaultInstance() : c.getBodyMutation();
                switch (bm.getMutationCase()) {
                    case BODY -> piece.forwarded().writeBytes(bm.getBody().toByteArray());
                    case CLEAR_BODY -> {
                        if (!bm.getClearBody()) {
                            piece.forwarded().writeBytes(piece.sent());
                        }
                    }
                    default -> piece.forwarded().writeBytes(piece.sent());
                }
            }
            if (kind == Kind.HEADERS && r.hasModeOverride() && cfg.allowModeOverride()) {
                requestMode = BodyMode.of(r.getModeOverride().getRequestBodyMode());
                responseMode = BodyMode.of(r.getModeOverride().getResponseBodyMode());
                result.modeOverride(r.getModeOverride());
            }
            return Stop.NONE;
        }

        private Stop immediate(boolean req, Kind kind, ImmediateResponse i, ProcessingResponse r) {
            merge(r);
            BodyMode mode = req ? requestMode : responseMode;
            // The response headers wait for their own answer in every mode; after it they leave
            // unless the body mode holds them.
            boolean headersGone = !req && kind != Kind.HEADERS
                    && !(mode == BodyMode.BUFFERED || mode == BodyMode.BUFFERED_PARTIAL);
            if (headersGone) {
                result.reset();
            } else {
                Map<String, String> h = new LinkedHashMap<>();
                apply(i.getHeaders(), h);
                result.localReply(i.getStatus().getCodeValue(), h, i.getBody().toByteArray(),
                        i.hasGrpcStatus() ? i.getGrpcStatus().getStatus() : -1);
            }
            return Stop.LOCAL_REPLY;
        }

        /** A server close or error, or no answer in time; NONE when {@code o} is a response. */
        private Stop terminal(Object o) {
            if (o == null) {
                result.timedOut();
                return Stop.FAILED;
            }
            if (o == COMPLETED) {
                result.serverClosed();
                return Stop.SERVER_CLOSED;
            }
            if (o instanceof Status st) {
                result.grpcError(st);
                return Stop.FAILED;
            }
            return Stop.NONE;
        }

        private Stop fail(boolean req) {
            // Envoy fails the exchange on a spurious message and cancels its stream.
            cancelled = true;
            toServer.onError(Status.CANCELLED.withDescription("spurious message").asRuntimeException());
            return Stop.FAILED;
        }

        private Stop afterStop(Stop s, boolean req, Map<String, String> headers, byte[] body) {
            if (s == Stop.SERVER_CLOSED || s == Stop.FAILED && cfg.failureModeAllow()) {
                processing = false;
                pass(req, headers, body);
                return Stop.NONE;
            }
            if (s == Stop.FAILED) {
                result.localReply(500, Map.of(), new byte[0], -1);
            }
            return s;
        }

        private void pass(boolean req, Map<String, String> headers, byte[] body) {
            if (req) {
                result.requestHeaders(headers).requestBody(body);
            } else {
                result.responseHeaders(headers).responseBody(body).responseTrailers(trailerFields);
            }
        }

        private ProcessingRequest.Builder bodyMessage(boolean req, byte[] chunk, boolean eos) {
            HttpBody b = HttpBody.newBuilder().setBody(ByteString.copyFrom(chunk)).setEndOfStream(eos).build();
            return req ? ProcessingRequest.newBuilder().setRequestBody(b)
                    : ProcessingRequest.newBuilder().setResponseBody(b);
        }

        private ProcessingRequest.Builder trailers(boolean req, HttpMessage msg) {
            HttpTrailers t = HttpTrailers.newBuilder().setTrailers(headerMap(msg.trailers())).build();
            return req ? ProcessingRequest.newBuilder().setRequestTrailers(t)
                    : ProcessingRequest.newBuilder().setResponseTrailers(t);
        }

        @Override
        void send(ProcessingRequest r) {
            ProcessingRequest.Builder b = r.toBuilder().setObservabilityMode(cfg.observability());
            if (first) {
                first = false;
                if (cfg.sendProtocolConfig()) {
                    b.setProtocolConfig(ProtocolConfiguration.newBuilder()
                            .setRequestBodyMode(cfg.requestBody().proto())
                            .setResponseBodyMode(cfg.responseBody().proto()));
                }
                if (!attributes.isEmpty()) {
                    Struct.Builder s = Struct.newBuilder();
                    attributes.forEach((k, v) -> s.putFields(k, Value.newBuilder().setStringValue(v).build()));
                    b.putAttributes("envoy.filters.http.ext_proc", s.build());
                }
                if (metadata != null) {
                    b.setMetadataContext(metadata);
                }
            }
            toServer.onNext(b.build());
        }

        private void merge(ProcessingResponse r) {
            if (r.hasDynamicMetadata()) {
                result.metadata(r.getDynamicMetadata());
            }
        }

        /** After Envoy's half-close: the server should close too, and say nothing more. */
        private void drainAfterEnd() throws InterruptedException {
            long wait = cfg.observability() ? 300 : 2000;
            while (true) {
                Object o = next(wait);
                if (o == null || o == COMPLETED || o instanceof Status) {
                    return;
                }
                result.spurious("answer after the exchange ended: " + ((ProcessingResponse) o).getResponseCase());
            }
        }
    }

    static HeaderMap headerMap(Map<String, String> headers) {
        HeaderMap.Builder m = HeaderMap.newBuilder();
        headers.forEach((k, v) -> m.addHeaders(HeaderValue.newBuilder().setKey(k)
                .setRawValue(ByteString.copyFrom(v, StandardCharsets.UTF_8))));
        return m.build();
    }

    static void apply(HeaderMutation mutation, Map<String, String> headers) {
        for (HeaderValueOption o : mutation.getSetHeadersList()) {
            HeaderValue h = o.getHeader();
            String v = h.getRawValue().isEmpty() ? h.getValue() : h.getRawValue().toString(StandardCharsets.UTF_8);
            headers.put(h.getKey().toLowerCase(java.util.Locale.ROOT), v);
        }
        for (String name : mutation.getRemoveHeadersList()) {
            headers.remove(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    static List<String> names(Map<String, String> h) {
        return new ArrayList<>(h.keySet());
    }
}
