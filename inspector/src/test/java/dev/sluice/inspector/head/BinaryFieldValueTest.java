package dev.sluice.inspector.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import dev.sluice.inspector.BuiltinEngine;
import dev.sluice.inspector.Finding;
import dev.sluice.inspector.InspectionResult;
import dev.sluice.inspector.InspectionSession;
import dev.sluice.inspector.Inspector;
import dev.sluice.inspector.MediaKind;
import dev.sluice.inspector.Outcome;
import dev.sluice.inspector.redact.PolicyPlans;
import dev.sluice.matchers.Direction;
import dev.sluice.policy.Decision;
import dev.sluice.policy.DecisionRequest;
import dev.sluice.policy.Policy;
import dev.sluice.policy.select.RouteKey;
import dev.sluice.policy.yaml.PolicyLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * gRPC binary metadata ({@code -bin} fields, base64) in a head: read decoded, walked as a
 * protobuf message. A failed call's {@code grpc-status-details-bin} ({@code google.rpc.Status}
 * with a {@code DebugInfo} detail, built here field by field) gives its secret under the field's
 * path, whatever the chunking; a value that is no message (a trace context) gives nothing and
 * leaves the head complete; a redaction removes the field, and only it.
 */
class BinaryFieldValueTest {
    private static final Inspector inspector = BuiltinEngine.inspector();
    private static final Policy POLICY = PolicyLoader.builder().build().loadDefault();
    private static final String DB = "postgres://app:Vt8qLm2xRz5p@db.internal:5432/app";
    /** OpenCensus' binary trace context, as grpc-java sends it. */
    private static final String TRACE = "AABkfWs4sG8jiJZQvp24H9q6AYoGt6G2sVMCAQ";

    /** {@code google.rpc.Status{code, message, details: [Any{DebugInfo{stack_entries, detail}}]}}. */
    static byte[] statusWithDebugInfo(String detail) throws IOException {
        ByteString debugInfo = message(out -> {
            out.writeString(1, "at com.acme.Db.connect(Db.java:42)");
            out.writeString(2, detail);
        });
        ByteString any = message(out -> {
            out.writeString(1, "type.googleapis.com/google.rpc.DebugInfo");
            out.writeBytes(2, debugInfo);
        });
        return message(out -> {
            out.writeInt32(1, 13);
            out.writeString(2, "internal error");
            out.writeBytes(3, any);
        }).toByteArray();
    }

    private interface Fields {
        void write(CodedOutputStream out) throws IOException;
    }

    private static ByteString message(Fields fields) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        fields.write(out);
        out.flush();
        return ByteString.copyFrom(bytes.toByteArray());
    }

    /** gRPC leaves the padding out; so may Sluice's readers. */
    static String unpadded(byte[] bytes) {
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }

    private static HeadBytes failedCall() throws IOException {
        return HeadBytes.response(200).header("grpc-status", "13").header("grpc-message", "internal error")
                .header("grpc-status-details-bin", unpadded(statusWithDebugInfo("connect to " + DB + " failed")))
                .header("grpc-trace-bin", TRACE);
    }

    @Test
    void aSecretInAStatusDetailIsFoundUnderItsField() throws IOException {
        InspectionResult r = inspector.inspectResponseHead(failedCall());
        assertEquals(Outcome.COMPLETE, r.outcome(), r.detail());
        assertEquals(1, r.findings().size(), r.findings().toString());
        Finding f = r.findings().getFirst();
        assertEquals("basic_auth_url", f.id());
        assertEquals("header:grpc-status-details-bin.3.2.2", f.path(), "Status.details[].value.detail");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 64})
    void anyChunkingFindsTheSame(int chunk) throws IOException {
        byte[] head = failedCall().bytes();
        List<Finding> whole = inspector.inspectResponseHead(failedCall()).findings();
        try (InspectionSession s = inspector.open(Direction.RESPONSE, MediaKind.HTTP_MESSAGE, null)) {
            for (int at = 0; at < head.length; at += chunk) {
                s.feed(head, at, Math.min(chunk, head.length - at));
            }
            assertEquals(whole, s.finish().findings());
        }
    }

    @Test
    void aTraceContextIsNoMessageAndChangesNothing() {
        InspectionResult r = inspector.inspectResponseHead(HeadBytes.response(200).header("grpc-trace-bin", TRACE)
                .header("x-blob-bin", Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, 0x00, 0x7f})));
        assertTrue(r.findings().isEmpty(), r.findings().toString());
        assertEquals(Outcome.COMPLETE, r.outcome(), r.detail());
    }

    @Test
    void aRedactionRemovesTheBinaryFieldAndNothingElse() throws IOException {
        HeadBytes head = failedCall();
        InspectionResult r = inspector.inspectResponseHead(head);
        Decision d = POLICY.decide(new DecisionRequest(RouteKey.http("svc", "/", "GET", Direction.RESPONSE), "src",
                "dst", null, r.findings().stream().map(PolicyPlans::policyFinding).toList()));
        assertEquals(List.of(new HeadRedactor.Rewritten("grpc-status-details-bin", List.of())),
                HeadRedactor.rewrite(head, d, r.findings()));
    }

    @Test
    void aRequestsBinaryFieldsStayText() throws IOException {
        HeadBytes request = HeadBytes.request("POST", "/shop.Orders/Get").header("grpc-trace-bin", TRACE)
                .header("x-details-bin", unpadded(statusWithDebugInfo("' OR 1=1 --")));
        InspectionResult r = inspector.inspectRequestHead(request);
        assertTrue(r.findings().isEmpty(), "its base64 text holds no attack: " + r.findings());
        assertEquals(Outcome.COMPLETE, r.outcome());
    }

    @Test
    void aTextFieldEndingOtherwiseStaysText() {
        InspectionResult r = inspector.inspectResponseHead(HeadBytes.response(200)
                .header("x-debug-bin-path", "connect to " + DB));
        assertEquals("header:x-debug-bin-path", r.findings().getFirst().path());
        assertTrue(new String(HeadBytes.response(200).header("a-bin", "x").bytes(), StandardCharsets.US_ASCII)
                .contains("a-bin: x"));
    }
}
