package dev.sluice.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sluice.inspector.CorpusManifest.Document;
import dev.sluice.inspector.SessionRuns.Chunking;
import dev.sluice.matchers.Direction;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * A value whose format names it (an e-mail address, a Luhn-valid card, an IBAN, a vendor token, a
 * JWT, a URL with credentials) is found the same whichever body carries it: a JSON member (plain,
 * with every character escaped as {@code \\uXXXX}, percent-encoded in the query of a URL held in
 * the string, or as character references in an HTML fragment held in it), a form field (percent-encoded), a
 * multipart part, a {@code key: value} line of text, an HTML paragraph with every character a
 * numeric character reference, the query of a link in HTML and in a CSV column (percent-encoded), and a protobuf message read without its schema. Every string value of the leak-dev JSON
 * documents, a seeded sample of them, is put in each and the detector ids compared: a decoder
 * that loses or invents a byte shows up as a difference. Each body is also rewritten with every
 * finding masked: nothing may be left to find, and escaped JSON must stay JSON.
 */
class FormatInvarianceTest {
    private static final Set<String> SELF_IDENTIFYING = Set.of("email", "credit_card", "iban", "github_token",
            "aws_access_key_id", "jwt", "stripe_key", "slack_token", "npm_token", "google_api_key", "openai_api_key",
            "gitlab_token", "slack_webhook", "basic_auth_url");
    private static final int SAMPLE = 800;
    private static final JsonFactory JSON = new JsonFactory();

    @TestFactory
    Stream<DynamicTest> selfIdentifyingValuesAreFoundInEveryFormat() throws IOException {
        List<Map.Entry<String, String>> values = new ArrayList<>();
        for (Document d : CorpusManifest.read("leak-dev")) {
            if (d.contentType() != null && d.contentType().contains("json")) {
                collect(d.read(), values);
            }
        }
        assertTrue(values.size() > SAMPLE, "expected the leak-dev string values, got " + values.size());
        java.util.Collections.shuffle(values, new Random(42));
        return values.subList(0, SAMPLE).stream().map(e -> DynamicTest.dynamicTest(e.getKey() + " = "
                + preview(e.getValue()), () -> assertSameEverywhere(e.getKey(), e.getValue())));
    }

    private static void assertSameEverywhere(String key, String value) {
        Set<String> json = ids("application/json", "{\"" + key + "\":" + quoted(value, false) + "}");
        String percent = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
        Map<String, String[]> bodies = Map.of(
                "JSON, every character escaped", new String[] {"application/json",
                        "{\"" + key + "\":" + quoted(value, true) + "}"},
                "JSON holding a URL with the value in its query", new String[] {"application/json",
                        "{\"next\":\"https://app.io/cb?" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "="
                                + percent + "&page=2\"}"},
                "JSON holding HTML with the value as character references", new String[] {"application/json",
                        "{\"bio\":\"<p>" + key + ": " + entities(value) + "</p>\"}"},
                "form", new String[] {"application/x-www-form-urlencoded",
                        URLEncoder.encode(key, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)},
                "multipart", new String[] {"multipart/form-data; boundary=zz",
                        "--zz\r\nContent-Disposition: form-data; name=\"" + key + "\"\r\n\r\n" + value + "\r\n--zz--\r\n"},
                "text", new String[] {"text/plain", key + ": " + value + "\n"},
                "HTML", new String[] {"text/html", "<p>" + key + ": " + entities(value) + "</p>"},
                "HTML link with the value in its query", new String[] {"text/html",
                        "<a href=\"https://app.io/cb?q=" + percent + "&amp;page=2\">next</a>"},
                "CSV column of links", new String[] {"text/csv", "id,link\r\n7,https://app.io/cb?q=" + percent + "\r\n"},
                "XML", new String[] {"application/xml",
                        "<doc><entry key=\"" + xmlEscaped(key) + "\">" + xmlEscaped(value) + "</entry></doc>"});
        bodies.forEach((form, typeAndBody) -> assertSameIn(json, form, typeAndBody[0], typeAndBody[1]));
        // Go's encoding/json writes & < > as escapes of its own; the references are still read.
        assertSameIn(json, "JSON holding HTML as Go's encoder writes it", "application/json", "{\"bio\":\"\\u003cp\\u003e"
                + key + ": " + entities(value).replace("&", "\\u0026") + "\\u003c/p\\u003e\"}");
        assertEquals(json, protobufIds(value), "schema-less protobuf, field 1");
    }

    /** The body of {@code form} gives the detectors {@code json} does, and nothing once redacted, in its syntax still. */
    private static void assertSameIn(Set<String> json, String form, String type, String body) {
        assertEquals(json, ids(type, body), form);
        String out = redacted(type, body);
        assertEquals(Set.of(), ids(type, out), form + ": nothing left to find after redaction");
        if (type.equals("application/json")) {
            assertTrue(isJson(out), form + ": the redacted body is JSON: " + out.length() + " bytes");
        }
        if (type.equals("application/xml")) {
            assertTrue(isXml(out), "the redacted body is well-formed XML: " + out.length() + " bytes");
        }
    }

    /** {@code body} rewritten with every finding masked. */
    private static String redacted(String contentType, String body) {
        return new String(RewritingSessionTest.rewrite(BuiltinEngine.inspector(),
                BodySpec.builder(Direction.RESPONSE).contentType(contentType).build(), RewritingSessionTest.ALL,
                body.getBytes(StandardCharsets.UTF_8), new int[0]), StandardCharsets.UTF_8);
    }

    private static boolean isJson(String text) {
        try (JsonParser p = JSON.createParser(text)) {
            while (p.nextToken() != null) {
                // read to the end
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Set<String> protobufIds(String value) {
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream m = new java.io.ByteArrayOutputStream();
        m.write(0x0a);
        for (int n = v.length; ; n >>>= 7) {
            if (n < 0x80) {
                m.write(n);
                break;
            }
            m.write((n & 0x7f) | 0x80);
        }
        m.writeBytes(v);
        BodySpec spec = BodySpec.builder(Direction.RESPONSE).contentType("application/x-protobuf")
                .protobuf(ProtobufSpec.schemaless()).build();
        InspectionResult r = SessionRuns.inspect(BuiltinEngine.inspector(), spec, m.toByteArray(), Chunking.whole());
        return r.findings().stream().map(Finding::id).filter(SELF_IDENTIFYING::contains)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** {@code value} with every character written as an HTML numeric character reference. */
    /** XML character data with the markup characters escaped, as a serializer writes it. */
    private static String xmlEscaped(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static boolean isXml(String text) {
        try {
            javax.xml.parsers.DocumentBuilderFactory f = javax.xml.parsers.DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            javax.xml.parsers.DocumentBuilder builder = f.newDocumentBuilder();
            builder.setErrorHandler(null);
            builder.parse(new org.xml.sax.InputSource(new java.io.StringReader(text)));
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static String entities(String value) {
        StringBuilder b = new StringBuilder();
        value.codePoints().forEach(c -> b.append("&#x").append(Integer.toHexString(c)).append(';'));
        return b.toString();
    }

    private static Set<String> ids(String contentType, String body) {
        InspectionResult r = SessionRuns.inspect(BuiltinEngine.inspector(), Direction.RESPONSE, contentType, null,
                body.getBytes(StandardCharsets.UTF_8), Chunking.whole());
        return r.findings().stream().map(Finding::id).filter(SELF_IDENTIFYING::contains)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** {@code value} as a JSON string; {@code escapeAll} writes every character as {@code \\uXXXX}. */
    private static String quoted(String value, boolean escapeAll) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (escapeAll || c < 0x20 || c == '"' || c == '\\') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static void collect(byte[] doc, List<Map.Entry<String, String>> out) throws IOException {
        try (JsonParser p = JSON.createParser(doc)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.VALUE_STRING && p.currentName() != null && p.currentName().matches("[A-Za-z0-9_]+")) {
                    out.add(Map.entry(p.currentName(), p.getText()));
                }
            }
        }
    }

    private static String preview(String v) {
        return v.length() <= 8 ? "…" : v.substring(0, 4) + "…(" + v.length() + ")";
    }
}
