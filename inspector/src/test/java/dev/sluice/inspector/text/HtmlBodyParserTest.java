package dev.sluice.inspector.text;

import static dev.sluice.inspector.TestParserContext.assertChunkingInvariant;
import static dev.sluice.inspector.ValueAssertions.assertValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sluice.inspector.Outcome;
import dev.sluice.inspector.RecordingValueSink.Value;
import dev.sluice.inspector.TestParserContext;
import dev.sluice.inspector.TestParserContext.Result;
import java.util.List;
import org.junit.jupiter.api.Test;

class HtmlBodyParserTest {
    private static final String HTML = "text/html; charset=utf-8";

    @Test
    void definitionListTermIsTheKeyOfItsDescription() {
        Result r = assertChunkingInvariant(HTML, "<dl>\n  <dt>SSN</dt><dd>899-19-8947</dd>\n</dl>");
        List<Value> v = r.values();
        assertEquals(2, v.size(), v.toString());
        assertValue(v.get(0), null, "dt", "SSN", "11+3");
        assertValue(v.get(1), "SSN", "dd", "899-19-8947", "23+11");
        assertEquals(Outcome.COMPLETE, r.outcome());
    }

    @Test
    void tableHeaderIsTheKeyOfTheNextCell() {
        Result r = assertChunkingInvariant(HTML, "<tr><th> Date of birth </th>\n<td>24/10/1950</td></tr>");
        assertValue(r.values().get(1), "Date of birth", "td", "24/10/1950", "33+10");
        assertEquals("Date of birth ", r.values().get(0).text());
    }

    @Test
    void djangoSettingsRowDecodesQuotesAroundTheSecret() {
        String body = "<tr><td>DATABASE_PASSWORD</td><td class=\"code\"><pre>&#39;s3cr3t&#39;</pre></td></tr>";
        Result r = assertChunkingInvariant(HTML, body);
        List<Value> v = r.values();
        assertEquals("code", v.get(1).text());
        assertEquals("class", v.get(1).key);
        assertEquals("td@class", v.get(1).path);
        assertValue(v.get(2), "DATABASE_PASSWORD", "pre", "'s3cr3t'", "52~57,57+6,63~68");
    }

    @Test
    void attributeValuesAreKeyedByAttributeName() {
        Result r = assertChunkingInvariant(HTML,
                "<a HREF=\"mailto:jane&#64;x.io\" title='a&amp;b' data-x=plain>mail</a>");
        List<Value> v = r.values();
        assertValue(v.get(0), "href", "a@href", "mailto:jane@x.io", "9+11,20~25,25+4");
        assertValue(v.get(1), "title", "a@title", "a&b", "38+1,39~44,44+1");
        assertValue(v.get(2), "data-x", "a@data-x", "plain", "54+5");
        assertValue(v.get(3), null, "a", "mail", "60+4");
    }

    @Test
    void aLinksPercentEscapesAreDecodedOverTheirWireBytesAcrossAnyCut() {
        Result r = assertChunkingInvariant(HTML, "<a href=\"/u?e=jane%40x.io&amp;p=%2\" title=\"100%\">x</a>");
        List<Value> v = r.values();
        assertValue(v.get(0), "href", "a@href", "/u?e=jane@x.io&p=%2", "9+9,18~21,21+4,25~30,30+4");
        assertValue(v.get(1), "title", "a@title", "100%", "43+4");
    }

    @Test
    void aNamingAttributeIsTheParentKeyOfTheTagsLaterAttributes() {
        Result r = assertChunkingInvariant(HTML,
                "<input type=\"hidden\" name=\"ssn\" value=\"899-19-8947\"><meta name=api-key content='k&#51;y'>");
        List<Value> v = r.values();
        assertEquals("value", v.get(2).key);
        assertEquals("ssn", v.get(2).parentKey);
        assertEquals("input@value", v.get(2).path);
        assertNull(v.get(1).parentKey, "the naming attribute itself has none");
        assertEquals("content", v.get(4).key);
        assertEquals("api-key", v.get(4).parentKey);
        assertEquals("k3y", v.get(4).text());
    }

    @Test
    void aPasswordInputNamesItsValueAPassword() {
        Result r = assertChunkingInvariant(HTML, "<input name=\"login_field\" type=\"Password\" value=\"hunter2x\">");
        Value value = r.values().get(2);
        assertEquals("password", value.parentKey);
        assertEquals("hunter2x", value.text());
    }

    @Test
    void aNamedElementKeysTheTextDirectlyInsideIt() {
        Result r = assertChunkingInvariant(HTML,
                "<p>Settings</p><entry key=\"db.password\">s3cr3t</entry> after <div id=\"main\">text</div>");
        List<Value> v = r.values();
        assertValue(v.get(2), "db.password", "entry", "s3cr3t", "40+6");
        assertEquals("after ", v.get(3).text());
        assertEquals("s3cr3t", v.get(3).key, "text after the end tag takes the label again");
        assertEquals("after", v.get(5).key, "an id names attributes, not text");
    }

    @Test
    void theTextAfterAVoidOrSelfClosedElementIsNotInsideIt() {
        Result r = assertChunkingInvariant(HTML,
                "<input id=\"password\" name=\"password\" type=\"password\"> Show it"
                        + "<entry key=\"db.password\"/> next");
        List<Value> v = r.values();
        Value show = v.stream().filter(x -> x.text().equals("Show it")).findFirst().orElseThrow();
        assertNull(show.key, "an <input> holds no text: the words after it are not its value");
        Result labelled = assertChunkingInvariant(HTML, "<label>Password</label><input type=\"password\"> @if (hide) {");
        assertNull(labelled.values().get(labelled.values().size() - 1).key, "the label was the input's");
        assertEquals("Show it", v.get(v.size() - 1).key, "a self-closed element holds no text: the label keys what follows");
    }

    @Test
    void anActionsTextLabelsNothingAfterIt() {
        Result r = assertChunkingInvariant(HTML,
                "<button><span>Change password</span></button><button><i>exposure_plus_2</i></button>"
                        + "<dt>Password</dt><dd>hunter2x</dd>");
        List<Value> v = r.values();
        assertValue(v.get(1), null, "i", "exposure_plus_2", "56+15");
        assertEquals("Password", v.get(3).key, "a term still labels its description");
    }

    @Test
    void aTemplateBindingsValueIsCodeKeyedByNothing() {
        Result r = assertChunkingInvariant(HTML,
                "<app-strength [password]=\"form.password.value\" (input)=\"check()\" :secret=\"s\" v-model=\"pw\">");
        for (Value value : r.values()) {
            assertNull(value.key, value.toString());
            assertNull(value.parentKey, value.toString());
        }
        assertEquals("app-strength@[password]", r.values().get(0).path);
    }

    @Test
    void entitiesDecodeHexDecimalAndNamed() {
        Result r = assertChunkingInvariant(HTML, "<p>&#x40;&#64;&lt;&gt;&quot;&apos;&nbsp;&amp;&euro;&#X1F600;</p>");
        assertEquals("@@<>\"'\u00a0&€\uD83D\uDE00", r.values().getFirst().text());
    }

    @Test
    void unknownAndUnterminatedEntitiesPassVerbatim() {
        Result r = assertChunkingInvariant(HTML, "<p>a &bogus; b &amp c &#64 d & e&#;</p>");
        Value v = r.values().getFirst();
        // &#64 without ';' resolves (browsers do, with a parse error); &amp without ';' does not.
        assertEquals("a &bogus; b &amp c @ d & e&#;", v.text());
        assertEquals("3+19,22~26,26+9", v.spans());
    }

    @Test
    void overlongReferenceIsText() {
        String name = "x".repeat(40);
        Result r = assertChunkingInvariant(HTML, "<p>&" + name + ";</p>");
        assertEquals("&" + name + ";", r.values().getFirst().text());
        assertEquals("3+42", r.values().getFirst().spans());
    }

    @Test
    void blankTextNodesNeitherEmitNorReplaceTheLabel() {
        Result r = assertChunkingInvariant(HTML, "<dt>Email</dt>\n   <dd>\n  &nbsp; jo&#64;x.io </dd>");
        List<Value> v = r.values();
        assertEquals(2, v.size(), v.toString());
        assertValue(v.get(1), "Email", "dd", "jo@x.io ", "32+2,34~39,39+5");
    }

    @Test
    void labelIsTrimmedAndBounded() {
        String longLabel = "L".repeat(100);
        Result r = assertChunkingInvariant(HTML, "<b>" + longLabel + "</b><i>v</i>");
        assertEquals("L".repeat(TextLabel.MAX_BYTES), r.values().get(1).key);
    }

    @Test
    void lessThanThatOpensNoTagIsText() {
        Result r = assertChunkingInvariant(HTML, "<p>a < b <3 c<</p>");
        // "c<</p>": the first < is text, the second opens an end tag.
        assertValue(r.values().getFirst(), null, "p", "a < b <3 c<", "3+11");
        assertEquals(1, r.values().size());
    }

    @Test
    void commentsAndScriptsAreUnkeyedValues() {
        String body = "<!-- key=AKIA1234 -- x ---><script type=\"x\">var s = \"</p>\"; if (a<b) {}</SCRIPT ><style>p{}</style>ok";
        Result r = assertChunkingInvariant(HTML, body);
        List<Value> v = r.values();
        assertValue(v.get(0), null, "#comment", " key=AKIA1234 -- x -", "4+20");
        assertValue(v.get(1), "type", "script@type", "x", "41+1");
        assertValue(v.get(2), null, "script", "var s = \"</p>\"; if (a<b) {}", "44+27");
        assertValue(v.get(3), null, "style", "p{}", "88+3");
        assertValue(v.get(4), null, "style", "ok", "99+2");
    }

    @Test
    void bogusCommentsAndDoctypeAreScanned() {
        Result r = assertChunkingInvariant(HTML, "<!DOCTYPE html><?xml v?></x y><!-x>t");
        List<Value> v = r.values();
        assertEquals("DOCTYPE html", v.get(0).text());
        assertEquals("?xml v?", v.get(1).text());
        // "</x y>" is an end tag: its attribute has no value, so nothing is emitted.
        assertEquals("-x", v.get(2).text());
        assertEquals("32+2", v.get(2).spans());
        assertEquals("t", v.get(3).text());
        assertEquals(4, v.size());
    }

    @Test
    void textAfterAnUnquotedAttributeAndSelfClosingTag() {
        Result r = assertChunkingInvariant(HTML, "<img src=a.png/><br/>x<input value = \"v\" disabled>");
        List<Value> v = r.values();
        assertEquals("a.png/", v.get(0).text());
        assertEquals("x", v.get(1).text());
        assertValue(v.get(2), "value", "input@value", "v", "38+1");
    }

    @Test
    void unterminatedTagIsTruncated() {
        Result r = assertChunkingInvariant(HTML, "<p>ok</p><a href=\"mailto:x");
        assertEquals(Outcome.TRUNCATED, r.outcome());
        assertEquals("mailto:x", r.values().get(1).text());
    }

    @Test
    void unterminatedCommentIsTruncatedButScanned() {
        Result r = assertChunkingInvariant(HTML, "<!-- secret=abc -");
        assertEquals(Outcome.TRUNCATED, r.outcome());
        assertEquals(" secret=abc -", r.values().getFirst().text());
    }

    @Test
    void unterminatedScriptIsTruncatedButScanned() {
        Result r = assertChunkingInvariant(HTML, "<script>let k='x'</scr");
        assertEquals(Outcome.TRUNCATED, r.outcome());
        assertEquals("let k='x'</scr", r.values().getFirst().text());
    }

    @Test
    void unterminatedEntityAtEndIsText() {
        Result r = assertChunkingInvariant(HTML, "<p>a &#6");
        assertEquals(Outcome.COMPLETE, r.outcome());
        assertEquals("a \u0006", r.values().getFirst().text());
        Result named = assertChunkingInvariant(HTML, "x &am");
        assertEquals("x &am", named.values().getFirst().text());
        Result lt = assertChunkingInvariant(HTML, "x <");
        assertEquals("x <", lt.values().getFirst().text());
    }

    @Test
    void longTextStreamsInOneCallPerChunk() {
        String body = "<p>" + "z".repeat(50_000) + "</p>";
        Result r = TestParserContext.parse(HTML, body);
        assertEquals(1, r.sink().verbatimCalls());
        assertNull(r.values().getFirst().key);
    }
}
