package dev.sluice.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.matchers.Direction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/**
 * A value that is base64 of text is read as what it holds, as the service that decodes it reads
 * it: a queue message's JSON {@code data}, a file's {@code content} from a contents API, a
 * Kubernetes Secret's values, SAML's {@code SAMLResponse} form field and the hidden input of the
 * page that posts it, an XML element carrying a document. What it holds is read as JSON, markup
 * or text. Each finding inside covers the whole value (no smaller span of base64 text stands for
 * the decoded bytes); binary content, ids and hashes that happen to use the alphabet are refused
 * and add nothing.
 */
class Base64ContentTest {
    private static final Inspector inspector = BuiltinEngine.inspector();
    private static final String CARD = "4111 1111 1111 1111";

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The findings of JSON response {@code body}: {@link #findings(Direction, String, String)}. */
    private static List<String> findings(String body) {
        return findings(Direction.RESPONSE, "application/json", body);
    }

    /** The findings of {@code body} as {@code id@start-end:path}, the same under seeded random chunkings. */
    private static List<String> findings(Direction direction, String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        List<String> whole = described(direction, contentType, bytes, SessionRuns.Chunking.whole());
        Random rnd = new Random(0xB64 + body.length());
        for (int i = 0; i < 5; i++) {
            SessionRuns.Chunking cuts = SessionRuns.Chunking.random(rnd, bytes.length);
            assertEquals(whole, described(direction, contentType, bytes, cuts), cuts.name());
        }
        return whole;
    }

    private static List<String> described(Direction direction, String contentType, byte[] body,
            SessionRuns.Chunking chunking) {
        return SessionRuns.inspect(inspector, direction, contentType, null, body, chunking).findings()
                .stream().map(f -> f.id() + "@" + f.start() + "-" + f.end() + ":" + f.path()).sorted().toList();
    }

    /** {@code id} over the whole string {@code value} where it first stands in {@code body}. */
    private static String over(String id, String body, String value, String path) {
        int at = body.indexOf(value);
        return id + "@" + at + "-" + (at + value.length()) + ":" + path;
    }

    @Test
    void jsonInAQueueMessageIsReadAsJson() {
        String data = b64("{\"email\":\"john.smith@acme.io\",\"card\":\"" + CARD + "\"}");
        String body = "{\"message\":{\"data\":\"" + data + "\",\"messageId\":\"2070443601311540\"}}";
        assertEquals(List.of(over("credit_card", body, data, "$.message.data.card"),
                over("email", body, data, "$.message.data.email")), findings(body));
    }

    @Test
    void aFileWithLineBreaksEveryFewCharactersIsReadAsText() {
        String env = "DB_HOST=db\nDB_PASSWORD=Xk9#mQ2vLp8zR4tw\nSTRIPE_KEY=sk_live_51HqK2L3mN4oP5qR6sT7uV8wX9yZ0aB1c\n";
        String content = Base64.getMimeEncoder(60, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(env.getBytes(StandardCharsets.US_ASCII)).replace("\n", "\\n");
        String body = "{\"name\":\".env\",\"encoding\":\"base64\",\"content\":\"" + content + "\"}";
        assertEquals(List.of(over("password_field", body, content, "$.content"),
                over("stripe_key", body, content, "$.content")), findings(body));
    }

    @Test
    void urlSafeUnpaddedAndEscapedSlashesDecode() {
        byte[] text = "ssn 123-45-6789 for jane.doe@acme.io?>".getBytes(StandardCharsets.UTF_8);
        String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(text);
        String standard = Base64.getEncoder().encodeToString(text).replace("/", "\\/");
        for (String value : List.of(urlSafe, standard)) {
            String body = "{\"note\":\"" + value + "\"}";
            assertEquals(List.of(over("email", body, value, "$.note"), over("us_ssn", body, value, "$.note")),
                    findings(body), value);
        }
    }

    @Test
    void aSecretsValuesAreJudgedByTheirKeyAndByWhatTheyHold() {
        String url = b64("postgres://app:Xk9mQ2vLp8zR4tw@db.internal:5432/app");
        String password = b64("Xk9#mQ2vLp8zR4tw");
        String body = "{\"kind\":\"Secret\",\"data\":{\"password\":\"" + password + "\",\"url\":\"" + url + "\"}}";
        assertEquals(List.of(over("basic_auth_url", body, url, "$.data.url"),
                over("password_field", body, password, "$.data.password")), findings(body));
    }

    @Test
    void whatIsNotOneBase64TextIsNotDecoded() {
        String text = "card " + CARD + " of jane.doe@acme.io";
        String valid = b64(text);
        for (String value : List.of(
                valid.substring(0, 8) + "=" + valid.substring(8),          // padding inside
                valid.substring(0, valid.length() - 1) + "A=A",            // a character after padding
                b64(text + "?>~").replace('+', '-') + "_/",                // both alphabets
                valid.substring(0, 13) + " " + valid.substring(13))) {      // a space
            assertEquals(List.of(), findings("{\"v\":\"" + value + "\"}"), value);
        }
    }

    @Test
    void aLongerStringThanTheHoldIsReadAsItIs() {
        StringBuilder text = new StringBuilder("card " + CARD + "\n");
        while (text.length() < 25_000) {
            text.append("filler line of a long log without anything in it\n");
        }
        assertEquals(List.of(), findings("{\"log\":\"" + b64(text.toString()) + "\"}"));
        String shorter = b64(text.substring(0, 20_000));
        assertEquals(1, findings("{\"log\":\"" + shorter + "\"}").size());
    }

    private static final String SAML = "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
            + "<saml:Assertion xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\"><saml:Subject>"
            + "<saml:NameID>jane.doe@northwind-traders.com</saml:NameID></saml:Subject><saml:AttributeStatement>"
            + "<saml:Attribute Name=\"card\"><saml:AttributeValue>" + CARD + "</saml:AttributeValue></saml:Attribute>"
            + "</saml:AttributeStatement></saml:Assertion></samlp:Response>";
    private static final String NAME_ID = "/Response/Assertion/Subject/NameID";
    private static final String ATTRIBUTE = "/Response/Assertion/AttributeStatement/Attribute/AttributeValue";

    @Test
    void aSamlResponsePostedAsAFormFieldIsReadAsXml() {
        String value = java.net.URLEncoder.encode(b64(SAML), StandardCharsets.US_ASCII);
        String body = "RelayState=%2Fhome&SAMLResponse=" + value + "&x=1";
        assertEquals(List.of(over("credit_card", body, value, ATTRIBUTE), over("email", body, value, NAME_ID)),
                findings(Direction.REQUEST, "application/x-www-form-urlencoded", body));
    }

    @Test
    void theHiddenInputOfThePageThatPostsItIsReadToo() {
        String value = b64(SAML);
        String body = "<html><body onload=\"document.forms[0].submit()\"><form method=\"post\" action=\"/acs\">"
                + "<input type=\"hidden\" name=\"SAMLResponse\" value=\"" + value + "\"/></form></body></html>";
        assertEquals(List.of(over("credit_card", body, value, ATTRIBUTE), over("email", body, value, NAME_ID)),
                findings(Direction.RESPONSE, "text/html", body));
    }

    @Test
    void anXmlElementOrAJsonStringHoldingADocumentIsReadAsThatDocument() {
        String json = b64("{\"email\":\"john.smith@acme.io\"}");
        String xml = "<envelope><payload encoding=\"base64\">" + json + "</payload></envelope>";
        assertEquals(List.of(over("email", xml, json, "/envelope/payload.email")),
                findings(Direction.RESPONSE, "application/xml", xml));
        String saml = b64(SAML);
        String body = "{\"assertion\":\"" + saml + "\"}";
        assertEquals(List.of(over("credit_card", body, saml, ATTRIBUTE), over("email", body, saml, NAME_ID)),
                findings(body));
    }

    @Test
    void aFormFieldOfPlainTextIsReadUnderItsNameWithoutItsKey() {
        String value = b64("ssn 123-45-6789 for jane.doe@acme.io");
        String body = "note=" + value;
        assertEquals(List.of(over("email", body, value, "note"), over("us_ssn", body, value, "note")),
                findings(Direction.REQUEST, "application/x-www-form-urlencoded", body));
    }

    @Test
    void aFormFieldLongerThanTheHoldOrCutBySpacesIsNotDecoded() {
        StringBuilder text = new StringBuilder("card " + CARD + "\n");
        while (text.length() < 25_000) {
            text.append("filler line of a long log without anything in it\n");
        }
        String form = "application/x-www-form-urlencoded";
        assertEquals(List.of(), findings(Direction.REQUEST, form, "log=" + b64(text.toString())));
        String spaced = b64("card " + CARD + " of jane.doe@acme.io");
        assertEquals(List.of(), findings(Direction.REQUEST, form,
                "v=" + spaced.substring(0, 13) + "+" + spaced.substring(13)));
    }

    /** Form fields and XML text of random bytes, digests and ids spelt in the alphabet add nothing. */
    @RepeatedTest(20)
    void binaryIdsAndHashesInFormsAndMarkupAddNothing(RepetitionInfo info) {
        Random rnd = new Random(0xF0B64L + info.getCurrentRepetition());
        byte[] blob = new byte[12 + rnd.nextInt(3000)];
        rnd.nextBytes(blob);
        String thumbnail = Base64.getUrlEncoder().encodeToString(blob);
        String ref = Long.toString(rnd.nextLong() & Long.MAX_VALUE, 36) + Long.toString(rnd.nextLong() & Long.MAX_VALUE, 36);
        assertEquals(List.of(), findings(Direction.REQUEST, "application/x-www-form-urlencoded",
                "thumbnail=" + thumbnail + "&ref=" + ref), thumbnail);
        assertEquals(List.of(), findings(Direction.RESPONSE, "application/xml",
                "<doc><thumbnail>" + thumbnail + "</thumbnail><ref id=\"" + ref + "\"/></doc>"), thumbnail);
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] gzip(String text) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(out)) {
            z.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] zlib(String text) {
        java.util.zip.Deflater deflater = new java.util.zip.Deflater();
        deflater.setInput(text.getBytes(StandardCharsets.UTF_8));
        deflater.finish();
        byte[] out = new byte[text.length() + 64];
        int n = deflater.deflate(out);
        deflater.end();
        return java.util.Arrays.copyOf(out, n);
    }

    /** A CloudWatch Logs subscription: {@code awslogs.data} is base64 of gzip of the JSON of the log events. */
    @Test
    void gzipTextInsideBase64IsInflatedAndRead() {
        String logs = "{\"messageType\":\"DATA_MESSAGE\",\"logGroup\":\"/aws/lambda/checkout\",\"logEvents\":["
                + "{\"id\":\"1\",\"message\":\"charge failed for card " + CARD + "\"},"
                + "{\"id\":\"2\",\"message\":\"retry as john.smith@acme.io\"}]}";
        String data = b64(gzip(logs));
        String body = "{\"awslogs\":{\"data\":\"" + data + "\"}}";
        assertEquals(List.of(over("credit_card", body, data, "$.awslogs.data.logEvents[0].message"),
                over("email", body, data, "$.awslogs.data.logEvents[1].message")), findings(body));
        String form = "application/x-www-form-urlencoded";
        String zlibbed = java.net.URLEncoder.encode(b64(zlib("ssn 123-45-6789 for jane.doe@acme.io")),
                StandardCharsets.US_ASCII);
        String formBody = "payload=" + zlibbed;
        assertEquals(List.of(over("email", formBody, zlibbed, "payload"), over("us_ssn", formBody, zlibbed, "payload")),
                findings(Direction.REQUEST, form, formBody));
    }

    /**
     * A value inflates to at most 16 times its compressed bytes: a bomb's first bytes are read, a
     * card past the bound is not; a stream cut short gives what it holds before the cut.
     */
    @Test
    void inflationIsBoundedAndACutStreamGivesItsStart() {
        String bomb = b64(gzip("card " + CARD + " " + "0".repeat(3_000_000) + " card 5555 5555 5555 4444"));
        String body = "{\"log\":\"" + bomb + "\"}";
        assertEquals(List.of(over("credit_card", body, bomb, "$.log")), findings(body));
        byte[] whole = gzip("{\"email\":\"john.smith@acme.io\",\"note\":\"" + "word ".repeat(400) + "\"}");
        String cut = b64(java.util.Arrays.copyOf(whole, whole.length / 2));
        String cutBody = "{\"log\":\"" + cut + "\"}";
        assertEquals(List.of(over("email", cutBody, cut, "$.log")), findings(cutBody));
    }

    /** Text decoded out of a value is read, but a compressed value inside it is not inflated: nothing multiplies itself. */
    @Test
    void onlyABodysOwnValuesAreInflated() {
        String inner = b64(gzip("card " + CARD));
        String atTop = "{\"data\":\"" + inner + "\"}";
        assertEquals(List.of(over("credit_card", atTop, inner, "$.data")), findings(atTop));
        String outer = b64("{\"data\":\"" + inner + "\"}");
        assertEquals(List.of(), findings("{\"message\":\"" + outer + "\"}"));
    }

    /** Binary that opens like a zlib or gzip stream but is none inflates to nothing and adds nothing. */
    @RepeatedTest(20)
    void bytesThatOnlyLookCompressedAddNothing(RepetitionInfo info) {
        Random rnd = new Random(0x21B0000L + info.getCurrentRepetition());
        byte[] blob = new byte[16 + rnd.nextInt(2000)];
        rnd.nextBytes(blob);
        if (info.getCurrentRepetition() % 2 == 0) {
            blob[0] = 0x78;
            blob[1] = (byte) 0x9c;
        } else {
            blob[0] = 0x1f;
            blob[1] = (byte) 0x8b;
            blob[2] = 8;
        }
        String value = b64(blob);
        assertEquals(List.of(), findings("{\"blob\":\"" + value + "\"}"), value);
    }

    /**
     * A file sent as a data URL ({@code FileReader.readAsDataURL}): the base64 after its header is
     * read, in a JSON string (its slashes escaped or not), a form field and a link; an image's
     * adds nothing, and a header without {@code ;base64} or longer than 128 bytes is no base64.
     */
    @Test
    void aDataUrlsBase64IsReadAfterItsHeader() {
        String csv = "name,email,card\nAna Lopez,ana.lopez@fabrikam-mail.com," + CARD + "\n";
        String url = "data:text/csv;base64," + b64(csv);
        String json = "{\"content\":\"" + url.replace("/", "\\/") + "\"}";
        String escaped = url.replace("/", "\\/");
        assertEquals(List.of(over("credit_card", json, escaped, "$.content"), over("email", json, escaped, "$.content")),
                findings(json));
        String field = java.net.URLEncoder.encode(url, StandardCharsets.US_ASCII);
        String form = "file=" + field;
        assertEquals(List.of(over("credit_card", form, field, "file"), over("email", form, field, "file")),
                findings(Direction.REQUEST, "application/x-www-form-urlencoded", form));
        String html = "<a download=\"export.csv\" href=\"" + url + "\">export</a>";
        assertEquals(List.of(over("credit_card", html, url, "a@href"), over("email", html, url, "a@href")),
                findings(Direction.RESPONSE, "text/html", html));
        byte[] png = new byte[600];
        new Random(7).nextBytes(png);
        for (String other : List.of("data:image/png;base64," + b64(png), "data:text/plain," + b64(csv),
                "data:text/csv;" + "x=y;".repeat(30) + "base64," + b64(csv))) {
            assertEquals(List.of(), findings("{\"f\":\"" + other + "\"}"), other);
        }
    }

    /** Random bytes, hex digests and ids spelt in the alphabet: none decodes to text, none adds a finding. */
    @RepeatedTest(40)
    void binaryIdsAndHashesAddNothing(RepetitionInfo info) {
        Random rnd = new Random(0x5EED0000L + info.getCurrentRepetition());
        byte[] blob = new byte[12 + rnd.nextInt(3000)];
        rnd.nextBytes(blob);
        byte[] digest = new byte[32];
        rnd.nextBytes(digest);
        StringBuilder hex = new StringBuilder();
        for (byte b : digest) {
            hex.append(String.format("%02x", b));
        }
        StringBuilder id = new StringBuilder();
        String alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < 16 + rnd.nextInt(30); i++) {
            id.append(alnum.charAt(rnd.nextInt(alnum.length())));
        }
        String body = "{\"thumbnail\":\"" + Base64.getEncoder().encodeToString(blob) + "\",\"sha256\":\"" + hex
                + "\",\"uuid\":\"" + new java.util.UUID(rnd.nextLong(), rnd.nextLong()) + "\",\"ref\":\"" + id + "\"}";
        assertEquals(List.of(), findings(body), body);
    }
}
