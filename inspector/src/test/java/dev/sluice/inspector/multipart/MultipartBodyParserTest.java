package dev.sluice.inspector.multipart;

import static dev.sluice.inspector.TestParserContext.assertChunkingInvariant;
import static dev.sluice.inspector.ValueAssertions.assertPartValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.Outcome;
import dev.sluice.inspector.RecordingValueSink.Value;
import dev.sluice.inspector.TestParserContext;
import dev.sluice.inspector.TestParserContext.Result;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultipartBodyParserTest {
    private static final String CT = "multipart/form-data; boundary=XyZ";

    private static int at(String body, String s) {
        return body.indexOf(s);
    }

    @Test
    void formDataPartsGoToTheirOwnParsers() {
        String body = "--XyZ\r\n"
                + "Content-Disposition: form-data; name=\"note\"\r\n\r\n"
                + "call me at 555-0147\r\n"
                + "--XyZ\r\n"
                + "content-disposition: form-data; name=\"login\"\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\n\r\n"
                + "user=jo&pw=a%40b\r\n"
                + "--XyZ\r\n"
                + "Content-Disposition: form-data; name=\"f\"; filename=\"x.html\"\r\n"
                + "Content-Type: text/html\r\n\r\n"
                + "<dt>SSN</dt><dd>899-19-8947</dd>\r\n"
                + "--XyZ--\r\n";
        Result r = assertChunkingInvariant(CT, body);
        List<Value> v = r.values();
        assertEquals(Outcome.COMPLETE, r.outcome(), r.detail());
        int note = at(body, "call me");
        assertPartValue(v.get(0), null, "note", "call me at 555-0147", note + "+19");
        assertPartValue(v.get(1), "user", "login", "jo", (at(body, "user=") + 5) + "+2");
        int pw = at(body, "a%40b");
        assertPartValue(v.get(2), "pw", "login", "a@b", pw + "+1," + (pw + 1) + "~" + (pw + 4) + "," + (pw + 4) + "+1");
        assertPartValue(v.get(4), "SSN", "f", "899-19-8947", at(body, "899-") + "+11");
        // The epilogue (CRLF) is scanned raw too.
        assertEquals(6, v.size(), v.toString());
        assertEquals("\r\n", v.get(5).text());
    }

    @Test
    void anUploadThatIsXmlUnderAnotherLabelIsReadByItsElements() {
        // A service parses an XML upload whatever the browser labelled it: its values keep their
        // element names. (JSON parts: GuessingBodyParserTest, through a whole session.)
        for (String label : new String[] {"Content-Type: text/plain\r\n", "Content-Type: application/octet-stream\r\n",
                "Content-Type: image/png\r\n", ""}) {
            String body = "--XyZ\r\n"
                    + "Content-Disposition: form-data; name=\"g\"; filename=\"r.xml\"\r\n" + label + "\r\n"
                    + "<?xml version=\"1.0\"?><r><ssn>899-19-8947</ssn></r>\r\n"
                    + "--XyZ--\r\n";
            Result r = assertChunkingInvariant(CT, body);
            assertEquals(Outcome.COMPLETE, r.outcome(), label + r.detail());
            Value ssn = r.values().stream().filter(x -> "ssn".equals(x.key)).findFirst()
                    .orElseThrow(() -> new AssertionError(label + r.values()));
            assertEquals("899-19-8947", ssn.text(), label);
            assertEquals("/r/ssn", ssn.path, label);
        }
    }

    @Test
    void aTextPartThatOnlyOpensLikeJsonStaysText() {
        String body = "--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n"
                + "{\"a\": 1} was the answer, call 555-0147\r\n--XyZ--\r\n";
        Result r = assertChunkingInvariant(CT, body);
        assertEquals(Outcome.COMPLETE, r.outcome(), r.detail());
        String all = r.values().stream().map(Value::text).reduce("", String::concat);
        assertTrue(all.contains("call 555-0147"), r.values().toString());
    }

    @Test
    void bareLfLinesQuotedBoundaryAndPadding() {
        String body = "preamble text\n--a b:c  \nContent-Disposition: form-data; name=x\n\nv1\n--a b:c\n\nv2\n--a b:c--";
        Result r = assertChunkingInvariant("multipart/mixed; charset=x; BOUNDARY=\"a b:c\"", body);
        List<Value> v = r.values();
        assertEquals(Outcome.COMPLETE, r.outcome(), r.detail());
        assertPartValue(v.get(0), null, null, "preamble text", "0+13");
        assertPartValue(v.get(1), null, "x", "v1", at(body, "v1") + "+2");
        assertPartValue(v.get(2), null, null, "v2", at(body, "v2") + "+2");
        assertEquals(3, v.size());
    }

    @Test
    void nearMissDelimitersInsideABodyAreData() {
        String data = "a\r\n--XyX\r\n\r\r\n-\n--Xy\r\n--XyZQ";
        String body = "--XyZ\r\n\r\n" + data + "\r\n--XyZ--";
        Result r = assertChunkingInvariant(CT, body);
        // "--XyZQ" is a delimiter followed by junk: the body ends before it.
        assertEquals("a\r\n--XyX\r\n\r\r\n-\n--Xy", r.values().getFirst().text());
        assertEquals("9+" + "a\r\n--XyX\r\n\r\r\n-\n--Xy".length(), r.values().getFirst().spans());
        assertEquals(Outcome.TRUNCATED, r.outcome());
    }

    @Test
    void emptyPartsAndPartsWithoutHeaders() {
        String body = "--XyZ\r\n\r\n\r\n--XyZ\r\nContent-Disposition: form-data; name=\"e\"\r\n\r\n--XyZ\r\n\r\nz\r\n--XyZ--";
        Result r = assertChunkingInvariant(CT, body);
        assertEquals(1, r.values().size(), r.values().toString());
        assertPartValue(r.values().getFirst(), null, null, "z", at(body, "z\r\n") + "+1");
        assertEquals(Outcome.COMPLETE, r.outcome());
    }

    @Test
    void nestedMultipartMixed() {
        String inner = "--in\r\nContent-Type: text/csv\r\n\r\nssn\r\n899-19-8947\r\n--in--";
        String body = "--XyZ\r\nContent-Disposition: form-data; name=\"files\"\r\n"
                + "Content-Type: multipart/mixed; boundary=in\r\n\r\n" + inner + "\r\n--XyZ--";
        Result r = assertChunkingInvariant(CT, body);
        Value cell = r.values().get(1);
        assertEquals("ssn", cell.key);
        assertEquals(at(body, "899") + "+11", cell.spans());
        assertEquals(Outcome.COMPLETE, r.outcome());
    }

    @Test
    void missingBoundaryParameterIsAParseErrorScannedRaw() {
        Result r = TestParserContext.parse("multipart/form-data", "--x\r\n\r\nsecret\r\n--x--");
        assertEquals(Outcome.PARSE_ERROR, r.outcome());
        assertEquals("0+20", r.values().getFirst().spans());
        assertEquals(Outcome.PARSE_ERROR, TestParserContext.parse("multipart/form-data; boundary=\"\"", "x").outcome());
        assertEquals(Outcome.PARSE_ERROR,
                TestParserContext.parse("multipart/form-data; boundary=" + "b".repeat(300), "x").outcome());
    }

    /** Two boundaries that differ: which one splits the parts depends on the server, so none is trusted. */
    @Test
    void twoBoundaryParametersThatDifferAreAParseErrorScannedRaw() {
        String body = "--a\r\nContent-Disposition: form-data; name=\"q\"\r\n\r\nhello\r\n--a--\r\n";
        Result r = TestParserContext.parse("multipart/form-data; boundary=a; boundary=b", body);
        assertEquals(Outcome.PARSE_ERROR, r.outcome());
        assertEquals("0+" + body.length(), r.values().getFirst().spans());
        assertEquals(Outcome.COMPLETE, TestParserContext.parse("multipart/form-data; boundary=a; BOUNDARY=\"a\"", body)
                .outcome(), "the same boundary twice is one boundary");
    }

    @Test
    void bodyWithoutTheBoundaryIsAParseErrorScannedRaw() {
        String body = "password=hunter2\r\n--XyA is not it\r\n--Xy";
        Result r = assertChunkingInvariant(CT, body);
        assertEquals(Outcome.PARSE_ERROR, r.outcome());
        assertEquals(1, r.values().size());
        assertEquals("0+" + body.length(), r.values().getFirst().spans());
    }

    @Test
    void bodyEndingInsideAPartIsTruncatedAndKeepsWhatWasSeen() {
        String body = "--XyZ\r\nContent-Disposition: form-data; name=\"k\"\r\n\r\nsk_live_abc\r\n--Xy";
        Result r = assertChunkingInvariant(CT, body);
        assertEquals(Outcome.TRUNCATED, r.outcome());
        assertEquals("sk_live_abc\r\n--Xy", r.values().getFirst().text());
        Result inHeaders = assertChunkingInvariant(CT, "--XyZ\r\nContent-Dispo");
        assertEquals(Outcome.TRUNCATED, inHeaders.outcome());
    }

    @Test
    void tenThousandPartsStopAtMaxParts() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            sb.append("--XyZ\r\nContent-Disposition: form-data; name=\"p").append(i).append("\"\r\n\r\nv").append(i)
                    .append("\r\n");
        }
        sb.append("--XyZ--");
        Result r = TestParserContext.parse(CT, sb.toString().getBytes(StandardCharsets.US_ASCII),
                InspectionLimits.defaults());
        assertEquals(Outcome.PART_LIMIT, r.outcome());
        assertEquals(256, r.values().size());
        assertEquals("p255", r.values().get(255).parentKey);
    }

    @Test
    void tooManyHeaderLinesOrBytesStopStructureAndScanTheRestRaw() {
        StringBuilder sb = new StringBuilder("--XyZ\r\n");
        for (int i = 0; i < 70; i++) {
            sb.append("X-H: ").append(i).append("\r\n");
        }
        sb.append("\r\nbody\r\n--XyZ--");
        Result r = TestParserContext.parse(CT, sb.toString());
        assertEquals(Outcome.TOKEN_LIMIT, r.outcome());
        assertEquals(1, r.values().size());
        InspectionLimits small = InspectionLimits.builder().maxTokenBytes(40).build();
        byte[] big = ("--XyZ\r\nContent-Disposition: form-data; name=\"averyveryverylongname\"\r\n\r\nb\r\n--XyZ--")
                .getBytes(StandardCharsets.US_ASCII);
        Result limited = TestParserContext.assertChunkingInvariant(CT, big, small, 1);
        assertEquals(Outcome.TOKEN_LIMIT, limited.outcome());
        assertEquals(1, limited.values().size());
    }

    @Test
    void boundaryParameterParsing() {
        assertArrayEquals("abc".getBytes(), MultipartBodyParser.BoundaryParameter.of("multipart/x; boundary=abc"));
        assertArrayEquals("a;b\"c".getBytes(),
                MultipartBodyParser.BoundaryParameter.of("multipart/x;boundary=\"a;b\\\"c\"; x=y"));
        assertArrayEquals("q".getBytes(), MultipartBodyParser.BoundaryParameter.of("multipart/x; a=\"b;c\"; boundary=q "));
        assertNull(MultipartBodyParser.BoundaryParameter.of("multipart/x; notboundary=q"));
        assertNull(MultipartBodyParser.BoundaryParameter.of(null));
    }
}
