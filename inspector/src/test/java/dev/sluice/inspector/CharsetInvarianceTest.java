package dev.sluice.inspector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.inspector.CorpusManifest.Document;
import dev.sluice.inspector.SessionRuns.Chunking;
import dev.sluice.inspector.redact.RedactionPlan;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * A body written in UTF-16, UTF-32 or an EBCDIC code page is inspected as the same text in UTF-8:
 * every text document of leak-dev, written in each form below and fed in one chunk and in seeded
 * random chunks, gives the findings its UTF-8 bytes give (id, path and offsets, which are into
 * the UTF-8 form), and its rewriting, read back in its charset, is the UTF-8 rewriting, byte order
 * mark and all. Unrewritten, it leaves byte for byte as it came.
 */
class CharsetInvarianceTest {
    private static final Charset UTF_32BE = Charset.forName("UTF-32BE");
    private static final Charset EBCDIC = Charset.forName("IBM1047");

    /** How a document is written and labelled. */
    private record Form(String name, Charset charset, byte[] mark, String label) {
        byte[] write(String text) {
            byte[] body = text.getBytes(charset);
            byte[] out = Arrays.copyOf(mark, mark.length + body.length);
            System.arraycopy(body, 0, out, mark.length, body.length);
            return out;
        }

        String contentType(String original) {
            String essence = original == null ? null : original.split(";", 2)[0].strip();
            if (label == null) {
                return essence;
            }
            return (essence == null ? "text/plain" : essence) + "; charset=" + label;
        }
    }

    private static final List<Form> FORMS = List.of(
            new Form("UTF-16LE with its mark, unlabelled", StandardCharsets.UTF_16LE, new byte[] {(byte) 0xff, (byte) 0xfe},
                    null),
            new Form("UTF-16BE labelled utf-16, no mark", StandardCharsets.UTF_16BE, new byte[0], "utf-16"),
            new Form("UTF-16LE, no mark, no label", StandardCharsets.UTF_16LE, new byte[0], null),
            new Form("UTF-32BE labelled utf-32", UTF_32BE, new byte[0], "UTF-32"),
            new Form("EBCDIC labelled IBM1047", EBCDIC, new byte[0], "IBM1047"));

    @TestFactory
    Stream<DynamicTest> textInAnyCharsetIsInspectedAsItsUtf8() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        Random random = new Random(1047);
        for (Document d : CorpusManifest.read("leak-dev")) {
            if (!isText(d.contentType())) {
                continue;
            }
            byte[] utf8 = d.read();
            String text = new String(utf8, StandardCharsets.UTF_8);
            if (!Arrays.equals(utf8, text.getBytes(StandardCharsets.UTF_8)) || text.isEmpty()
                    || text.charAt(0) == '\uFEFF') {
                continue; // not UTF-8 text to begin with
            }
            for (Form form : FORMS) {
                if (!form.charset().newEncoder().canEncode(text)
                        || form.label() == null && form.mark().length == 0 && (text.charAt(0) == 0 || text.charAt(0) > 0x7f)) {
                    continue;
                }
                Chunking chunking = Chunking.random(random, form.write(text).length);
                tests.add(DynamicTest.dynamicTest(d.file() + " in " + form.name(),
                        () -> assertSameAsUtf8(d, utf8, text, form, chunking)));
            }
        }
        assertTrue(tests.size() > 1000, "expected the leak-dev text documents in every form, got " + tests.size());
        return tests.stream();
    }

    private static void assertSameAsUtf8(Document d, byte[] utf8, String text, Form form, Chunking chunking) {
        BodySpec plain = BodySpec.builder(d.direction()).contentType(d.contentType()).build();
        BodySpec spec = BodySpec.builder(d.direction()).contentType(form.contentType(d.contentType())).build();
        byte[] body = form.write(text);
        List<String> expected = keys(SessionRuns.inspect(BuiltinEngine.inspector(), plain, utf8, Chunking.whole()));
        assertEquals(expected, keys(SessionRuns.inspect(BuiltinEngine.inspector(), spec, body, Chunking.whole())),
                "one chunk");
        assertEquals(expected, keys(SessionRuns.inspect(BuiltinEngine.inspector(), spec, body, chunking)),
                chunking.name());
        byte[] rewritten = RewritingSessionTest.rewrite(BuiltinEngine.inspector(), spec, RewritingSessionTest.ALL, body,
                chunking.cuts());
        byte[] utf8Rewritten = RewritingSessionTest.rewrite(BuiltinEngine.inspector(), plain, RewritingSessionTest.ALL,
                utf8, new int[0]);
        assertArrayEquals(form.write(new String(utf8Rewritten, StandardCharsets.UTF_8)), rewritten,
                "rewritten in its charset");
        assertArrayEquals(body, untouched(spec, body, chunking), "nothing to rewrite: the body as it came");
    }

    private static byte[] untouched(BodySpec spec, byte[] body, Chunking chunking) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InspectionSession s = BuiltinEngine.inspector().openRewriting(spec, RedactionPlan.NONE, out::write)) {
            SessionRuns.feed(s, body, chunking);
            s.finish();
        }
        return out.toByteArray();
    }

    private static List<String> keys(InspectionResult r) {
        return r.findings().stream().map(f -> f.id() + "@" + f.start() + "-" + f.end() + " " + f.path()).toList();
    }

    private static boolean isText(String contentType) {
        return switch (MediaKind.of(contentType)) {
            case JSON, FORM, HTML, XML, CSV, TEXT -> true;
            case RAW -> contentType == null;
            default -> false;
        };
    }
}
