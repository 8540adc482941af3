package dev.sluice.inspector.text;

import static dev.sluice.inspector.TestParserContext.assertChunkingInvariant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.MediaKind;
import dev.sluice.inspector.Outcome;
import dev.sluice.inspector.RecordingValueSink.Value;
import dev.sluice.inspector.TestParserContext;
import dev.sluice.inspector.TestParserContext.Result;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** XML read by the markup tokenizer: element names key their text, as JSON member names do. Every case runs over every chunking. */
class XmlBodyParserTest {
    private static final String XML = "application/xml";

    private static Value textOf(Result r, String text) {
        return r.values().stream().filter(v -> v.text().equals(text)).findFirst()
                .orElseThrow(() -> new AssertionError(text + " not among " + r.values()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/xml", "text/xml", "application/soap+xml; charset=utf-8", "application/atom+xml"})
    void xmlTypesAreXmlAndXhtmlStaysHtml(String contentType) {
        assertEquals(MediaKind.XML, MediaKind.of(contentType));
        assertEquals(MediaKind.HTML, MediaKind.of("application/xhtml+xml"));
    }

    @Test
    void aSoapResponseKeysEachValueByItsElementUnderItsPath() {
        Result r = assertChunkingInvariant("application/soap+xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">
                  <soap:Body>
                    <ns2:GetCustomerResponse xmlns:ns2="urn:shop">
                      <ns2:Customer>
                        <ns2:Email>jane.roe@corpmail.net</ns2:Email>
                        <ns2:Password>Tr0ub4dor&amp;3xK9</ns2:Password>
                      </ns2:Customer>
                    </ns2:GetCustomerResponse>
                  </soap:Body>
                </soap:Envelope>
                """);
        Value mail = textOf(r, "jane.roe@corpmail.net");
        assertEquals("Email", mail.key);
        assertEquals("Customer", mail.parentKey);
        assertEquals("/Envelope/Body/GetCustomerResponse/Customer/Email", mail.path);
        Value password = textOf(r, "Tr0ub4dor&3xK9");
        assertEquals("Password", password.key);
        assertTrue(password.spans().contains("~"), "the reference is decoded, its wire span kept: " + password.spans());
        Value namespace = textOf(r, "urn:shop");
        assertEquals("ns2", namespace.key);
        assertEquals("GetCustomerResponse", namespace.parentKey);
        assertEquals("/Envelope/Body/GetCustomerResponse/@xmlns:ns2", namespace.path);
        assertEquals(Outcome.COMPLETE, r.outcome());
    }

    /** A child named as labels are names its element for the later children: AWS's query API answers. */
    @Test
    void aNameChildLabelsTheOtherChildrenOfItsElement() {
        Result r = assertChunkingInvariant(XML, "<GetParameterResponse><Parameter><Name>/prod/db/password</Name>"
                + "<Type>SecureString</Type><Value>Hunter2isStrong!</Value></Parameter>"
                + "<Parameter><Value>plain</Value></Parameter>"
                + "<member><ParameterKey>DbUser</ParameterKey><x><ParameterValue>app</ParameterValue></x></member>"
                + "</GetParameterResponse>");
        Value value = textOf(r, "Hunter2isStrong!");
        assertEquals("SecureString", value.label);
        assertEquals("/prod/db/password", value.firstLabel);
        assertNull(textOf(r, "plain").label, "the next element has labels of its own");
        assertNull(textOf(r, "app").label, "a label names its own element's children only");
    }

    @Test
    void anAttributeIsKeyedByItsNameUnderItsElement() {
        Result r = assertChunkingInvariant(XML, "<order><card number=\"4539148803436467\" brand='visa'/>"
                + "<entry key=\"db.password\">s3cr3t</entry><field name=\"ssn\" value=\"536-22-8726\"/></order>");
        Value number = textOf(r, "4539148803436467");
        assertEquals("number", number.key);
        assertEquals("card", number.parentKey);
        assertEquals("/order/card/@number", number.path);
        Value secret = textOf(r, "s3cr3t");
        assertEquals("db.password", secret.key, "a naming attribute names its element's text");
        assertEquals("/order/entry", secret.path);
        Value ssn = textOf(r, "536-22-8726");
        assertEquals("value", ssn.key);
        assertEquals("ssn", ssn.parentKey, "a naming attribute is the parent key of the element's other attributes");
    }

    @Test
    void cdataIsTextOfItsElementReadAsWritten() {
        Result r = assertChunkingInvariant(XML, "<note><![CDATA[ssn 536-22-8726 & <b>]] ]]]></note>"
                + "<x><![CDX[not cdata]]></x>");
        Value cdata = textOf(r, "ssn 536-22-8726 & <b>]] ]");
        assertEquals("note", cdata.key);
        assertEquals("/note", cdata.path);
        assertEquals("15+25", cdata.spans(), "verbatim: no reference is decoded inside CDATA");
        Value bogus = r.values().stream().filter(v -> v.text().startsWith("[CDX")).findFirst().orElseThrow();
        assertNull(bogus.key, "a declaration that is not CDATA is a comment");
    }

    @Test
    void mixedContentTakesTheInnermostOpenElement() {
        Result r = assertChunkingInvariant(XML, "<user>name <pw>hunter2x</pw> tail<br/>after</user> end");
        assertEquals("user", textOf(r, "name ").key);
        assertEquals("pw", textOf(r, "hunter2x").key);
        assertEquals("user", textOf(r, "tail").key);
        assertEquals("user", textOf(r, "after").key, "a self-closed element holds no text");
        Value outside = textOf(r, "end");
        assertNull(outside.key);
        assertEquals("", outside.path);
    }

    @Test
    void longNamesAreKeptInFull() {
        Result r = assertChunkingInvariant(XML, "<GetCustomerResponse><CreditCardNumber>4539148803436467</CreditCardNumber>"
                + "</GetCustomerResponse>");
        assertEquals("CreditCardNumber", textOf(r, "4539148803436467").key);
        assertEquals("/GetCustomerResponse/CreditCardNumber", textOf(r, "4539148803436467").path);
    }

    @Test
    void anEndTagClosesWhatItMatchesAndIgnoresWhatItDoesNot() {
        Result r = assertChunkingInvariant(XML, "<a><b><c>1</b>2</nope>3</a>4");
        assertEquals("/a", textOf(r, "2").path, "</b> closed the unclosed <c> too");
        assertEquals("/a", textOf(r, "3").path, "</nope> matched nothing open");
        assertEquals("", textOf(r, "4").path);
    }

    @Test
    void deepDocumentsKeepTheOuterPathAndCountTheRest() {
        int depth = 10_000;
        String body = "<e>".repeat(depth) + "x" + "</e>".repeat(depth) + "<tail>y</tail>";
        Result r = assertChunkingInvariant(XML, body.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                dev.sluice.inspector.InspectionLimits.defaults(), 4099);
        Value deep = textOf(r, "x");
        assertEquals("/e".repeat(ElementPath.MAX_KEPT) + "/…", deep.path);
        assertNull(deep.key, "past the kept names the element is not known");
        assertEquals("/tail", textOf(r, "y").path, "every end tag was counted");
    }

    @Test
    void aBodyCutShortIsTruncatedWithWhatItHeld() {
        Result cdata = assertChunkingInvariant(XML, "<n><![CDATA[card 4539148803436467");
        assertEquals(Outcome.TRUNCATED, cdata.outcome());
        assertEquals("xml: CDATA section not closed", cdata.detail());
        assertEquals("card 4539148803436467", cdata.values().getLast().text());
        Result open = assertChunkingInvariant(XML, "<n><![CDA");
        assertEquals(Outcome.TRUNCATED, open.outcome());
        assertEquals("[CDA", open.values().getLast().text());
        Result tag = assertChunkingInvariant(XML, "<n a=\"536-22-87");
        assertEquals("xml: body ended inside a tag", tag.detail());
    }

    /** Random markup-heavy bytes: any chunking gives the same values and outcome, and nothing escapes. */
    @RepeatedTest(30)
    void randomMarkupParsesTheSameInEveryChunking(RepetitionInfo repetition) {
        Random random = new Random(repetition.getCurrentRepetition());
        String[] pieces = {"<", ">", "</", "/>", "<![CDATA[", "]]>", "]]", "<!--", "-->", "&amp;", "&#64;", "&", "a", "ns:",
            "=\"", "\"", "'", " ", "\n", "4539148803436467", "x:Password", "<?xml ?>", "<!DOCTYPE d [<!ENTITY e 'v'>]>"};
        byte[] body = TestParserContext.randomPieces(random, pieces, 20 + random.nextInt(120));
        assertChunkingInvariant(XML, body, InspectionLimits.defaults(), 1);
    }
}
