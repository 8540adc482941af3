package dev.sluice.standalone.extproc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import dev.sluice.inspector.head.HeadRedactor;
import dev.sluice.matchers.Direction;
import dev.sluice.policy.BlockAnswer;
import dev.sluice.standalone.proxy.spi.Block;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.extensions.filters.http.ext_proc.v3.ProcessingMode;
import io.envoyproxy.envoy.service.ext_proc.v3.BodyMutation;
import io.envoyproxy.envoy.service.ext_proc.v3.BodyResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.CommonResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.GrpcStatus;
import io.envoyproxy.envoy.service.ext_proc.v3.HeaderMutation;
import io.envoyproxy.envoy.service.ext_proc.v3.HeadersResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.ImmediateResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.StreamedBodyResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.TrailersResponse;
import io.envoyproxy.envoy.type.v3.HttpStatus;
import io.envoyproxy.envoy.type.v3.StatusCode;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The answers Sluice sends Envoy, each of the kind the message it answers asks for
 * (headers → headers response, body → body response, trailers → trailers response), or an
 * immediate response that ends the exchange with Sluice's 403.
 */
final class Replies {
    static final String VERDICT_HEADER = "x-sluice-verdict";
    /** gRPC's PERMISSION_DENIED. */
    static final int GRPC_PERMISSION_DENIED = 7;

    private Replies() {
    }

    static ProcessingResponse headers(Direction d, HeaderMutation mutation, ProcessingMode override) {
        CommonResponse.Builder common = CommonResponse.newBuilder();
        if (mutation != null) {
            common.setHeaderMutation(mutation);
        }
        HeadersResponse h = HeadersResponse.newBuilder().setResponse(common).build();
        ProcessingResponse.Builder r = d == Direction.REQUEST ? ProcessingResponse.newBuilder().setRequestHeaders(h)
                : ProcessingResponse.newBuilder().setResponseHeaders(h);
        if (override != null) {
            r.setModeOverride(override);
        }
        return r.build();
    }

    /**
     * A body response: {@code body} replaces the message's chunk (null: unchanged; empty: the
     * chunk is cleared), {@code mutation} changes the held headers (buffered modes only).
     */
    static ProcessingResponse body(Direction d, byte[] body, HeaderMutation mutation, Struct metadata) {
        CommonResponse.Builder common = CommonResponse.newBuilder();
        if (body != null) {
            common.setBodyMutation(body.length == 0 ? BodyMutation.newBuilder().setClearBody(true)
                    : BodyMutation.newBuilder().setBody(ByteString.copyFrom(body)));
        }
        if (mutation != null) {
            common.setHeaderMutation(mutation);
        }
        return bodyResponse(d, common, metadata);
    }

    /** A full-duplex body response: the next piece of the body as it should leave. */
    static ProcessingResponse streamed(Direction d, byte[] body, boolean endOfStream, Struct metadata) {
        CommonResponse.Builder common = CommonResponse.newBuilder().setBodyMutation(BodyMutation.newBuilder()
                .setStreamedResponse(StreamedBodyResponse.newBuilder().setBody(ByteString.copyFrom(body))
                        .setEndOfStream(endOfStream)));
        return bodyResponse(d, common, metadata);
    }

    private static ProcessingResponse bodyResponse(Direction d, CommonResponse.Builder common, Struct metadata) {
        BodyResponse b = BodyResponse.newBuilder().setResponse(common).build();
        ProcessingResponse.Builder r = d == Direction.REQUEST ? ProcessingResponse.newBuilder().setRequestBody(b)
                : ProcessingResponse.newBuilder().setResponseBody(b);
        if (metadata != null) {
            r.setDynamicMetadata(metadata);
        }
        return r.build();
    }

    /** A trailers response: {@code mutation} (null: none) changes the trailers. */
    static ProcessingResponse trailers(Direction d, Struct metadata, HeaderMutation mutation) {
        TrailersResponse t = mutation == null ? TrailersResponse.getDefaultInstance()
                : TrailersResponse.newBuilder().setHeaderMutation(mutation).build();
        ProcessingResponse.Builder r = d == Direction.REQUEST ? ProcessingResponse.newBuilder().setRequestTrailers(t)
                : ProcessingResponse.newBuilder().setResponseTrailers(t);
        if (metadata != null) {
            r.setDynamicMetadata(metadata);
        }
        return r.build();
    }

    /**
     * Sluice's block: a 403 with a JSON body naming the event, or the route's configured answer
     * ({@code answer}, null: none; a status Envoy's {@code StatusCode} does not define is sent as
     * 403); for a gRPC request, gRPC status PERMISSION_DENIED, whose message Envoy takes from the
     * body. Nothing of the body or the finding's value is in it.
     */
    static ProcessingResponse block(String eventId, boolean grpc, BlockAnswer answer, Struct metadata) {
        ImmediateResponse.Builder i = ImmediateResponse.newBuilder()
                .setStatus(HttpStatus.newBuilder().setCode(StatusCode.Forbidden))
                .setDetails("sluice_blocked");
        // Never stored by a cache on the way: a refusal (a route may answer 404) is for this request only.
        HeaderMutation.Builder headers = HeaderMutation.newBuilder().addSetHeaders(header(VERDICT_HEADER, "block"))
                .addSetHeaders(header("cache-control", "no-store"));
        if (grpc) {
            i.setGrpcStatus(GrpcStatus.newBuilder().setStatus(GRPC_PERMISSION_DENIED))
                    .setBody(ByteString.copyFromUtf8(Block.statusMessage(eventId)));
        } else if (answer != null) {
            StatusCode code = StatusCode.forNumber(answer.status());
            i.setStatus(HttpStatus.newBuilder().setCode(code == null ? StatusCode.Forbidden : code));
            headers.addSetHeaders(header("content-type", answer.contentType()));
            i.setBody(ByteString.copyFrom(answer.bodyFor(eventId)));
        } else {
            headers.addSetHeaders(header("content-type", "application/json"));
            i.setBody(ByteString.copyFromUtf8(Block.builtInBody(eventId)));
        }
        if (answer != null) {
            // The route's own fields, on gRPC refusals too (see BlockAnswer#headers).
            answer.headersFor(eventId).forEach((name, value) -> headers.addSetHeaders(
                    header(name.toLowerCase(Locale.ROOT), value)));
        }
        i.setHeaders(headers);
        ProcessingResponse.Builder r = ProcessingResponse.newBuilder().setImmediateResponse(i);
        if (metadata != null) {
            r.setDynamicMetadata(metadata);
        }
        return r.build();
    }

    /** Sets (adds or overwrites) header {@code name}. */
    static HeaderValueOption header(String name, String value) {
        return header(name, value, HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD);
    }

    /**
     * Sets every value of a header the policy's redactions rewrote ({@link HeadRedactor}): the first
     * replaces all the header's values, the others are appended after it in order; no value left
     * removes the header.
     */
    static void rewritten(HeaderMutation.Builder mutation, HeadRedactor.Rewritten field) {
        if (field.values().isEmpty()) {
            mutation.addRemoveHeaders(field.name()); // a binary field a redaction removed
            return;
        }
        HeaderValueOption.HeaderAppendAction action = HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD;
        for (String value : field.values()) {
            mutation.addSetHeaders(header(field.name(), value, action));
            action = HeaderValueOption.HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD;
        }
    }

    private static HeaderValueOption header(String name, String value, HeaderValueOption.HeaderAppendAction action) {
        return HeaderValueOption.newBuilder()
                .setHeader(HeaderValue.newBuilder().setKey(name)
                        .setRawValue(ByteString.copyFrom(value, StandardCharsets.UTF_8)))
                .setAppendAction(action).build();
    }
}
