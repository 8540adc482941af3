package dev.sluice.inspector.text;

import static dev.sluice.inspector.TestParserContext.assertChunkingInvariant;
import static dev.sluice.inspector.ValueAssertions.assertValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.Outcome;
import dev.sluice.inspector.RecordingValueSink.Value;
import dev.sluice.inspector.TestParserContext;
import dev.sluice.inspector.TestParserContext.Result;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvBodyParserTest {
    private static final String CSV = "text/csv; charset=utf-8";

    @Test
    void cellsAreKeyedByTheirColumnHeader() {
        Result r = assertChunkingInvariant(CSV, "id,card_number,dob\r\n1,4111 1111 1111 1111,12/11/1994\r\n2,,x\n");
        List<Value> v = r.values();
        assertEquals(8, v.size(), v.toString());
        assertValue(v.get(0), null, "header[0]", "id", "0+2");
        assertValue(v.get(1), null, "header[1]", "card_number", "3+11");
        assertValue(v.get(3), "id", "row[0].id", "1", "20+1");
        assertValue(v.get(4), "card_number", "row[0].card_number", "4111 1111 1111 1111", "22+19");
        assertValue(v.get(5), "dob", "row[0].dob", "12/11/1994", "42+10");
        assertValue(v.get(6), "id", "row[1].id", "2", "54+1");
        assertValue(v.get(7), "dob", "row[1].dob", "x", "57+1");
        assertEquals(Outcome.COMPLETE, r.outcome());
    }

    @Test
    void quotedCellsDropTheirQuotesAndDecodeDoubledQuotes() {
        Result r = assertChunkingInvariant(CSV, "name,note\n\"Doe, Jane\",\"say \"\"hi\"\"\nbye\"\n");
        List<Value> v = r.values();
        assertValue(v.get(2), "name", "row[0].name", "Doe, Jane", "11+9");
        assertValue(v.get(3), "note", "row[0].note", "say \"hi\"\nbye", "23+4,27~29,29+2,31~33,33+4");
    }

    @Test
    void aLinksPercentEscapesAreDecodedOverTheirWireBytes() {
        Result r = assertChunkingInvariant(CSV, "url\nhttps://a.io/?e=jane%40x.io\n");
        assertValue(r.values().get(1), "url", "row[0].url", "https://a.io/?e=jane@x.io", "4+20,24~27,27+4");
    }

    @Test
    void quotedHeaderCellsNameColumns() {
        Result r = assertChunkingInvariant(CSV, "\"a \"\"x\"\"\",b\nv,w");
        assertEquals("a \"x\"", r.values().get(2).key);
        assertEquals("row[0].a \"x\"", r.values().get(2).path);
    }

    @Test
    void extraColumnsEmptyHeadersAndBlankLines() {
        Result r = assertChunkingInvariant(CSV, "\uFEFFa,,c\n\n1,2,3,4\r\n\r\n5");
        List<Value> v = r.values();
        assertValue(v.get(2), "a", "row[0].a", "1", "9+1");
        assertValue(v.get(3), null, "row[0][1]", "2", "11+1");
        assertValue(v.get(4), "c", "row[0].c", "3", "13+1");
        assertValue(v.get(5), null, "row[0][3]", "4", "15+1");
        assertValue(v.get(6), "a", "row[1].a", "5", "20+1");
    }

    @Test
    void tabSeparatedValues() {
        Result r = assertChunkingInvariant("text/tab-separated-values", "k\tpassword\nx\ty,z\n");
        assertValue(r.values().get(3), "password", "row[0].password", "y,z", "13+3");
    }

    @Test
    void unterminatedQuoteIsTruncated() {
        Result r = assertChunkingInvariant(CSV, "a\n\"never closed,\nstill");
        assertEquals(Outcome.TRUNCATED, r.outcome());
        assertEquals("never closed,\nstill", r.values().get(1).text());
    }

    @Test
    void junkAfterAClosingQuoteStaysInTheCell() {
        Result r = assertChunkingInvariant(CSV, "a,b\n\"x\"y,z");
        assertValue(r.values().get(2), "a", "row[0].a", "xy", "5+1,7+1");
    }

    @Test
    void headerLongerThanMaxTokenBytesLeavesTheRestAsOneTextValue() {
        InspectionLimits limits = InspectionLimits.builder().maxTokenBytes(13).build();
        byte[] body = "abc,defgh,ijklmn\nsecret,x\n".getBytes(StandardCharsets.UTF_8);
        Result r = TestParserContext.assertChunkingInvariant(CSV, body, limits, 1);
        assertEquals(Outcome.TOKEN_LIMIT, r.outcome());
        List<Value> v = r.values();
        assertEquals("ijk", v.get(2).text());
        assertValue(v.get(3), null, "", "lmn\nsecret,x\n", "13+13");
    }

    @Test
    void cellsStreamInOneCallPerChunk() {
        Result r = TestParserContext.parse(CSV, "h\n" + "q".repeat(20_000));
        assertEquals(2, r.sink().verbatimCalls());
        assertNull(r.values().getFirst().key);
    }
}
