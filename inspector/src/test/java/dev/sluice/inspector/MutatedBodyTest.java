package dev.sluice.inspector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.inspector.CorpusManifest.Document;
import dev.sluice.inspector.SessionRuns.Chunking;
import dev.sluice.inspector.SessionRuns.Run;
import dev.sluice.inspector.decode.Encodings;
import dev.sluice.inspector.redact.RedactionPlan;
import dev.sluice.testing.ByteMutations;
import dev.sluice.testing.Mutants;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Corpus bodies broken in seeded random ways (bytes flipped, syntax inserted, ranges dropped or
 * doubled, documents spliced, the end cut off) and then inspected whole, at random cuts and, when
 * short, one byte at a time. Whatever the damage, no exception may leave the session, and the
 * chunking must not change the findings, the outcome or the inspected byte count: a parser that
 * loses its place on bad input differently for different cuts shows up here, where well-formed
 * corpus documents never reach it. {@code -Dsluice.mutants=N} runs a longer campaign.
 */
class MutatedBodyTest {
    private static final int BYTE_BY_BYTE_MAX = 4_096;

    /** Fragments that mean something to one of the parsers: where a mutation does the most harm. */
    private static final List<byte[]> SYNTAX = fragments("\"", "\\", "\\u", "\\ud800", "\\udc00\\u", "{", "}", "[",
            "]", ",", ":", "\u0000", "\r\n", "\r\n\r\n", "--", "--b0undary\r\n", "%", "%2", "%E2%82", "&", "=",
            "+", "&#", "&#x", "&amp", ";", "<", ">", "<!--", "<script>", "]]>", "\u00e9", "\ud83d\ude00", "e+",
            "-0.", "1e999999", "true", "null", "@", "://", "eyJ", "ghp_", "AKIA", "4111 1111 1111 1111",
            "Content-Type: application/json\r\n", "Content-Transfer-Encoding: base64\r\n", "\"card\":");

    private static List<Document> docs;

    @BeforeAll
    static void readCorpus() throws IOException {
        docs = new ArrayList<>();
        docs.addAll(CorpusManifest.read("leak-dev"));
        docs.addAll(CorpusManifest.read("public-fixtures"));
        assertTrue(docs.size() > 600, "expected the whole corpus, got " + docs.size());
    }

    @RepeatedTest(value = 300, name = "mutant {currentRepetition}")
    void aBrokenBodyNeitherThrowsNorDependsOnItsChunking(RepetitionInfo info) throws IOException {
        for (long seed : Mutants.seeds(0x5eed_0000L, info.getCurrentRepetition(), info.getTotalRepetitions(), 1)) {
            checkMutant(seed);
        }
    }

    private static void checkMutant(long seed) throws IOException {
        Random random = new Random(seed);
        Mutant m = mutant(random);
        String what = m.what() + " of seed " + seed;
        Run whole = run(m, Chunking.whole(), what);
        for (int i = 0; i < 2; i++) {
            Chunking c = Chunking.random(random, m.body().length);
            SessionRuns.assertSameRun(whole, run(m, c, what), what + ", " + c.name());
        }
        if (m.body().length <= BYTE_BY_BYTE_MAX) {
            Run bytes;
            try {
                bytes = Run.of(SessionRuns.inspectByteByByte(BuiltinEngine.inspector(), m.spec(), m.body()));
            } catch (RuntimeException e) {
                throw new AssertionError(what + ": exception byte by byte", e);
            }
            SessionRuns.assertSameRun(whole, bytes, what + ", one byte per chunk");
        }
    }

    /**
     * Redaction over the same broken bodies: every finding masked, the rewritten bytes, the
     * findings and the outcome must not depend on the chunking; a plan that masks nothing must
     * give back a body that is not content-encoded byte for byte (a grpc-web-text body too, unless
     * its base64 text itself was broken).
     */
    @RepeatedTest(value = 100, name = "rewritten mutant {currentRepetition}")
    void aBrokenBodyIsRewrittenTheSameForAnyChunking(RepetitionInfo info) throws IOException {
        for (long seed : Mutants.seeds(0x7e11_0000L, info.getCurrentRepetition(), info.getTotalRepetitions(), 3)) {
            Random random = new Random(seed);
            Mutant m = mutant(random);
            String what = m.what() + " of seed " + seed;
            Rewritten whole = rewrite(m, RewritingSessionTest.ALL, Chunking.whole(), what);
            Chunking c = Chunking.random(random, m.body().length);
            Rewritten cut = rewrite(m, RewritingSessionTest.ALL, c, what);
            SessionRuns.assertSameRun(whole.run(), cut.run(), what + ", rewritten at " + c.name());
            assertArrayEquals(whole.out(), cut.out(), what + ": rewritten bytes at " + c.name());
            // What a broken base64 text holds besides base64 is dropped: the rewritten text is what
            // a client's decoder reads of it, not the same bytes.
            if (m.spec().contentEncoding() == null && !m.what().contains(BROKEN_TEXT)) {
                assertArrayEquals(m.body(), rewrite(m, RedactionPlan.NONE, c, what).out(),
                        what + ": a plan without masks changed the body");
            }
        }
    }

    record Rewritten(Run run, byte[] out) {
    }

    private static Rewritten rewrite(Mutant m, RedactionPlan plan, Chunking c, String what) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InspectionSession s = BuiltinEngine.inspector().openRewriting(m.spec(), plan, out::write)) {
            SessionRuns.feed(s, m.body(), c);
            return new Rewritten(Run.of(s.finish()), out.toByteArray());
        } catch (RuntimeException e) {
            throw new AssertionError(what + ": exception while rewriting at " + c.name(), e);
        }
    }

    private static Run run(Mutant m, Chunking c, String what) {
        try {
            return Run.of(SessionRuns.inspect(BuiltinEngine.inspector(), m.spec(), m.body(), c));
        } catch (RuntimeException e) {
            throw new AssertionError(what + ": exception at " + c.name(), e);
        }
    }

    /** A body to inspect, how it travels, and what it was made from. */
    record Mutant(BodySpec spec, byte[] body, String what) {
    }

    /**
     * A corpus document, broken; one protobuf body in three is read without its schema and one
     * gRPC body in three (of the rest) has its messages compressed, one other body in four goes
     * as a part of a multipart body (the corpus has none), and one in four is compressed, the
     * compressed bytes then broken too half the time.
     */
    static Mutant mutant(Random random) throws IOException {
        Document d = docs.get(random.nextInt(docs.size()));
        BodySpec spec = d.spec();
        byte[] body = d.read();
        String what = d.file();
        if (spec.protobuf() != null && random.nextInt(3) == 0) {
            spec = BodySpec.builder(spec.direction()).contentType(spec.contentType()).build();
            what += " without its schema";
        } else if (spec.protobuf() != null && spec.contentType().startsWith("application/grpc")
                && random.nextInt(3) == 0) {
            String encoding = random.nextBoolean() ? "gzip" : "deflate";
            body = compressedFrames(body, encoding);
            spec = BodySpec.builder(spec.direction()).contentType(spec.contentType())
                    .protobuf(spec.protobuf().withGrpcEncoding(encoding)).build();
            what += " with messages in " + encoding;
        } else if (spec.protobuf() == null && random.nextInt(4) == 0) {
            body = multipart(spec.contentType(), body);
            spec = BodySpec.builder(spec.direction()).contentType("multipart/form-data; boundary=" + BOUNDARY).build();
            what += " in multipart";
        }
        body = mutate(random, body);
        if (spec.contentType() != null && spec.contentType().startsWith("application/grpc") && random.nextInt(5) == 0) {
            body = base64Pieces(random, body);
            spec = BodySpec.builder(spec.direction()).contentType("application/grpc-web-text")
                    .contentEncoding(spec.contentEncoding()).protobuf(spec.protobuf()).build();
            what += " as grpc-web-text";
            if (random.nextBoolean()) {
                body = mutateOnce(random, body);
                what += BROKEN_TEXT;
            }
        }
        if (random.nextInt(4) == 0) {
            String encoding = ENCODINGS[random.nextInt(ENCODINGS.length)];
            body = encode(encoding, body);
            if (random.nextBoolean()) {
                body = mutateOnce(random, body);
            }
            spec = BodySpec.builder(spec.direction()).contentType(spec.contentType()).contentEncoding(encoding)
                    .protobuf(spec.protobuf()).build();
            what += " as " + encoding;
        }
        return new Mutant(spec, body, what + " mutant");
    }

    /** {@code body} as base64 text, in pieces each encoded (and padded) on its own, as grpc-web-text frames are. */
    private static byte[] base64Pieces(Random random, byte[] body) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int at = 0; at < body.length; ) {
            int n = Math.min(body.length - at, 1 + random.nextInt(64));
            out.writeBytes(java.util.Base64.getEncoder().encode(java.util.Arrays.copyOfRange(body, at, at + n)));
            at += n;
        }
        return out.toByteArray();
    }

    private static final String BOUNDARY = "b0undary";
    private static final String BROKEN_TEXT = ", its text broken";
    private static final String[] ENCODINGS = {"gzip", "deflate", "br", "zstd"};

    private static byte[] multipart(String contentType, byte[] doc) {
        String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"doc\"\r\n"
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n") + "\r\n";
        String tail = "\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n"
                + "card 4111 1111 1111 1111\r\n--" + BOUNDARY + "--\r\n";
        return Encodings.concat(head.getBytes(StandardCharsets.UTF_8), doc, tail.getBytes(StandardCharsets.UTF_8));
    }

    /** The gRPC frames of {@code body}, each message compressed and flagged so; the rest as it was. */
    private static byte[] compressedFrames(byte[] body, String encoding) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (pos + 5 <= body.length) {
            int len = ByteBuffer.wrap(body, pos + 1, 4).getInt();
            if (body[pos] != 0 || len < 0 || len > body.length - pos - 5) {
                break;
            }
            byte[] message = encode(encoding, Arrays.copyOfRange(body, pos + 5, pos + 5 + len));
            out.write(1);
            out.writeBytes(ByteBuffer.allocate(4).putInt(message.length).array());
            out.writeBytes(message);
            pos += 5 + len;
        }
        out.write(body, pos, body.length - pos);
        return out.toByteArray();
    }

    private static byte[] encode(String encoding, byte[] body) {
        return switch (encoding) {
            case "gzip" -> Encodings.gzip(body);
            case "deflate" -> Encodings.zlib(body);
            case "br" -> Encodings.brotli(body);
            default -> Encodings.zstd(body);
        };
    }

    /** One to four random mutations of {@code body}. */
    static byte[] mutate(Random random, byte[] body) throws IOException {
        byte[] b = body;
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            b = mutateOnce(random, b);
        }
        return b;
    }

    /** The shared mutations, or one time in seven another document's tail spliced in. */
    private static byte[] mutateOnce(Random random, byte[] b) throws IOException {
        if (b.length == 0) {
            return SYNTAX.get(random.nextInt(SYNTAX.size())).clone();
        }
        if (random.nextInt(7) > 0) {
            return ByteMutations.mutateOnce(random, b, SYNTAX);
        }
        int at = random.nextInt(b.length + 1);
        byte[] other = docs.get(random.nextInt(docs.size())).read();
        int from = random.nextInt(other.length + 1);
        return ByteMutations.splice(b, at, b.length - at, Arrays.copyOfRange(other, from, other.length));
    }

    private static List<byte[]> fragments(String... texts) {
        return Arrays.stream(texts).map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
    }
}
