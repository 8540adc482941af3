package dev.sluice.standalone.extproc;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.extensions.filters.http.ext_proc.v3.ProcessingMode;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the harness's Envoy did with one exchange: what went upstream and downstream, a local
 * reply or a reset, the dynamic metadata it kept, and anything that went wrong in the protocol
 * (spurious replies, a timeout, a gRPC error, a clean close by the server).
 */
record ExchangeResult(Map<String, String> requestHeaders, byte[] requestBody, Map<String, String> responseHeaders,
                      byte[] responseBody, LocalReply localReply, boolean reset, Struct metadata,
                      List<String> spurious, boolean timedOut, Status grpcError, boolean serverClosed,
                      ProcessingMode modeOverride, Map<String, String> responseTrailers) {

    record LocalReply(int status, Map<String, String> headers, byte[] body, int grpcStatus) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    String requestText() {
        return requestBody == null ? null : new String(requestBody, StandardCharsets.UTF_8);
    }

    String responseText() {
        return responseBody == null ? null : new String(responseBody, StandardCharsets.UTF_8);
    }

    /** {@code sluice.<direction>.<field>} of the dynamic metadata, or null. */
    Value sluice(String direction, String field) {
        Value ns = metadata.getFieldsMap().get("sluice");
        if (ns == null) {
            return null;
        }
        Value d = ns.getStructValue().getFieldsMap().get(direction);
        return d == null ? null : d.getStructValue().getFieldsMap().get(field);
    }

    String sluiceText(String direction, String field) {
        Value v = sluice(direction, field);
        return v == null ? null : v.getStringValue();
    }

    static final class Builder {
        private Map<String, String> requestHeaders;
        private byte[] requestBody;
        private Map<String, String> responseHeaders;
        private byte[] responseBody;
        private LocalReply localReply;
        private boolean reset;
        private final Struct.Builder metadata = Struct.newBuilder();
        private final List<String> spurious = new ArrayList<>();
        private boolean timedOut;
        private Status grpcError;
        private boolean serverClosed;
        private ProcessingMode modeOverride;
        private Map<String, String> responseTrailers;

        Builder requestHeaders(Map<String, String> h) {
            requestHeaders = Map.copyOf(h);
            return this;
        }

        Builder requestBody(byte[] b) {
            requestBody = b;
            return this;
        }

        Builder responseHeaders(Map<String, String> h) {
            responseHeaders = Map.copyOf(h);
            return this;
        }

        /** The response's trailers as they left (with the mutations of their answer), if it had any. */
        Builder responseTrailers(Map<String, String> t) {
            responseTrailers = t == null ? null : Map.copyOf(t);
            return this;
        }

        Builder responseBody(byte[] b) {
            responseBody = b;
            return this;
        }

        void localReply(int status, Map<String, String> headers, byte[] body, int grpcStatus) {
            localReply = new LocalReply(status, Map.copyOf(headers), body, grpcStatus);
        }

        void reset() {
            reset = true;
        }

        /** Envoy merges dynamic metadata per namespace, top-level keys of the namespace replaced. */
        void metadata(Struct s) {
            s.getFieldsMap().forEach((ns, v) -> {
                Value old = metadata.getFieldsMap().get(ns);
                Struct.Builder merged = old == null ? Struct.newBuilder() : old.getStructValue().toBuilder();
                merged.putAllFields(v.getStructValue().getFieldsMap());
                metadata.putFields(ns, Value.newBuilder().setStructValue(merged).build());
            });
        }

        void spurious(String what) {
            spurious.add(what);
        }

        void timedOut() {
            timedOut = true;
        }

        void grpcError(Status s) {
            grpcError = s;
        }

        void serverClosed() {
            serverClosed = true;
        }

        void modeOverride(ProcessingMode m) {
            modeOverride = m;
        }

        ExchangeResult build() {
            return new ExchangeResult(requestHeaders, requestBody, responseHeaders, responseBody, localReply, reset,
                    metadata.build(), List.copyOf(spurious), timedOut, grpcError, serverClosed, modeOverride,
                    responseTrailers);
        }
    }
}
