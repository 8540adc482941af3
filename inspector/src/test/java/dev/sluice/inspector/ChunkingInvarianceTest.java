package dev.sluice.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.inspector.CorpusManifest.Document;
import dev.sluice.inspector.SessionRuns.Chunking;
import dev.sluice.inspector.SessionRuns.Run;
import dev.sluice.matchers.Direction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 2's streaming requirement, end to end: the findings of a body (id, span, path, key,
 * preview, hash), its outcome and its inspected byte count do not depend on how the body was
 * cut into chunks. Every document of {@code public-fixtures} and {@code leak-dev} (gRPC and
 * protobuf bodies read with their descriptor set, as a front end would) is inspected as one chunk, one byte per chunk, at the manifest's {@code chunks} cuts and at
 * seeded random cuts, through the real {@link InspectionSession} and the built-in detectors.
 */
class ChunkingInvarianceTest {
    private static final int RANDOM_CHUNKINGS = 3;
    private static final Inspector inspector = BuiltinEngine.inspector();

    @TestFactory
    Stream<DynamicTest> corpusFindingsDoNotDependOnChunking() throws IOException {
        List<Document> docs = new ArrayList<>();
        docs.addAll(CorpusManifest.read("leak-dev"));
        docs.addAll(CorpusManifest.read("public-fixtures"));
        assertTrue(docs.size() > 600, "expected the whole corpus, got " + docs.size() + " documents");
        return docs.stream().map(d -> DynamicTest.dynamicTest(d.file(), () -> assertInvariant(d)));
    }

    private static void assertInvariant(Document d) throws IOException {
        byte[] body = d.read();
        Run whole = run(d, body, Chunking.whole());
        assertEquals(body.length, whole.inspectedBytes(), d.file() + ": inspected bytes");
        assertSame(d, whole, Run.of(SessionRuns.inspectByteByByte(inspector, d.spec(), body)), "one byte per chunk");
        if (d.chunks().length > 0) {
            assertSame(d, whole, run(d, body, Chunking.at("manifest chunks", d.chunks())), "manifest chunks");
        }
        Random random = new Random(d.file().hashCode());
        for (int i = 0; i < RANDOM_CHUNKINGS; i++) {
            Chunking c = Chunking.random(random, body.length);
            assertSame(d, whole, run(d, body, c), c.name());
        }
    }

    private static void assertSame(Document d, Run whole, Run other, String chunking) {
        SessionRuns.assertSameRun(whole, other, d.file() + " (" + d.contentType() + "), " + chunking);
    }


    private static Run run(Document d, byte[] body, Chunking c) throws IOException {
        return Run.of(SessionRuns.inspect(inspector, d.spec(), body, c));
    }

    /**
     * A body far larger than {@code maxTokenBytes} made only of short tokens is not one long
     * token: it must give the same result in one chunk as in small chunks. Small limits keep
     * the body small; each content type runs its own parser.
     */
    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/x-www-form-urlencoded", "text/csv", "text/html",
            "application/xml", "multipart/form-data; boundary=b0undary", "text/event-stream"})
    void aLargeChunkOfShortTokensIsNotALongToken(String contentType) {
        Inspector small = BuiltinEngine.inspector(InspectionLimits.builder().maxTokenBytes(512).build());
        byte[] body = shortTokens(contentType, 400).getBytes(StandardCharsets.UTF_8);
        Run whole = Run.of(SessionRuns.inspect(small, Direction.RESPONSE, contentType, null, body, Chunking.whole()));
        assertFalse(whole.findings().isEmpty(), "the body's e-mail addresses");
        for (int step : new int[] {1, 100, 1000}) {
            int[] cuts = new int[body.length / step];
            for (int i = 0; i < cuts.length; i++) {
                cuts[i] = (i + 1) * step;
            }
            Run cut = Run.of(SessionRuns.inspect(small, Direction.RESPONSE, contentType, null, body,
                    Chunking.at("every " + step, cuts)));
            SessionRuns.assertSameRun(whole, cut, contentType + " in chunks of " + step + " bytes");
        }
    }

    /**
     * More {@code key=value} anchors of a secret's key in one scan step of free text than the 64
     * a session once kept waiting at once: fed whole, every one is still captured and its value
     * found, as one byte at a time (a joined event stream anchors the same key in every value).
     */
    @ParameterizedTest
    @ValueSource(ints = {100, 600})
    void everyKeyAnchorInOneScanStepIsCaptured(int n) {
        Random random = new Random(n);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            text.append("api_token=");
            for (int k = 0; k < 24; k++) {
                text.append((char) (random.nextBoolean() ? 'a' + random.nextInt(26) : '0' + random.nextInt(10)));
            }
            text.append('\n');
        }
        byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
        InspectionResult r = SessionRuns.inspect(inspector, Direction.RESPONSE, "text/plain", null, body,
                Chunking.whole());
        assertEquals(n, SessionRuns.findingsOf(r, "generic_api_key").size(), r.outcome() + " " + r.detail());
        SessionRuns.assertSameRun(Run.of(r), Run.of(SessionRuns.inspectByteByByte(inspector,
                BodySpec.builder(Direction.RESPONSE).contentType("text/plain").build(), body)), "one byte per chunk");
    }

    /** {@code n} records of an e-mail address each, in the syntax of {@code contentType}. */
    private static String shortTokens(String contentType, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String mail = "user" + i + "@mailbox.org";
            switch (MediaKind.of(contentType)) {
                case JSON -> b.append(i == 0 ? "[" : ",").append("{\"email\":\"").append(mail).append("\"}");
                case FORM -> b.append(i == 0 ? "" : "&").append("email=").append(mail);
                case CSV -> b.append(i == 0 ? "id,email\n" : "").append(i).append(',').append(mail).append('\n');
                case HTML -> b.append("<p>mail ").append(mail).append("</p>\n");
                case XML -> b.append(i == 0 ? "<list>" : "").append("<email>").append(mail).append("</email>\n");
                case EVENT_STREAM -> b.append("data: {\"email\":\"").append(mail).append("\"}\n\n");
                case MULTIPART -> b.append("--b0undary\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\n")
                        .append(mail).append("\r\n");
                default -> throw new IllegalArgumentException(contentType);
            }
        }
        switch (MediaKind.of(contentType)) {
            case JSON -> b.append(']');
            case MULTIPART -> b.append("--b0undary--\r\n");
            case XML -> b.append("</list>");
            default -> {
            }
        }
        return b.toString();
    }
}
