package dev.sluice.standalone.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void adHocFileWithFindingsExitsOneAndPrintsTheContractFormat() throws IOException {
        Path f = dir.resolve("body.json");
        Files.writeString(f, "{\"ok\": true, \"contact\": \"jane.roe@mailbox.org\"}");
        CliRun r = CliRun.of("scan", "--content-type", "application/json", f.toString());
        assertEquals(1, r.code(), r.err());
        JsonNode line = JSON.readTree(r.out().strip());
        assertEquals(f.toString(), line.get("file").asText());
        JsonNode finding = line.get("findings").get(0);
        assertEquals("email", finding.get("id").asText());
        assertEquals("pii", finding.get("category").asText());
        assertEquals(25, finding.get("start").asInt());
        assertEquals(45, finding.get("end").asInt());
        assertEquals("$.contact", finding.get("path").asText());
        assertEquals("alert", finding.get("action").asText());
    }

    @Test
    void cleanFileExitsZero() throws IOException {
        Path f = dir.resolve("clean.json");
        Files.writeString(f, "{\"ok\": true}");
        assertEquals(0, CliRun.of("scan", "--content-type", "application/json", f.toString()).code());
    }

    @Test
    void missingFileIsAClearErrorAndExitTwo() {
        CliRun r = CliRun.of("scan", "--content-type", "text/plain", dir.resolve("nope.txt").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("file not found"), r.err());
    }

    @Test
    void unknownContentTypeIsReportedAndTheFileStillScanned() throws IOException {
        Path f = dir.resolve("x.bin");
        Files.writeString(f, "mail jane.roe@mailbox.org");
        CliRun r = CliRun.of("scan", "--content-type", "application/x-unheard-of", f.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown content type"), r.err());
        assertTrue(r.out().contains("\"email\""), r.out());
    }

    @Test
    void badManifestLinesAreReportedAndTheOthersScanned() throws IOException {
        Files.writeString(dir.resolve("a.txt"), "call +1 415 555 0142 now");
        Files.writeString(dir.resolve("labels.jsonl"), String.join("\n",
                "{\"file\": \"a.txt\", \"content_type\": \"text/plain\", \"direction\": \"response\"}",
                "this is not json",
                "{\"nofile\": 1}",
                "{\"file\": \"missing.txt\", \"content_type\": \"text/plain\"}",
                "{\"file\": \"a.txt\", \"content_type\": \"text/plain\", \"chunks\": [3, 9, 14]}"));
        CliRun r = CliRun.of("scan", "--manifest", dir.resolve("labels.jsonl").toString());
        assertEquals(2, r.code());
        String[] lines = r.out().strip().split("\n");
        assertEquals(2, lines.length, r.out());
        assertEquals(JSON.readTree(lines[0]).get("findings"), JSON.readTree(lines[1]).get("findings"));
        assertTrue(r.err().contains("labels.jsonl:2"), r.err());
        assertTrue(r.err().contains("labels.jsonl:3"), r.err());
        assertTrue(r.err().contains("missing.txt"), r.err());
    }

    @Test
    void noArgumentsIsAUsageError() {
        assertEquals(2, CliRun.of().code());
        assertEquals(2, CliRun.of("scan").code());
        assertEquals(2, CliRun.of("frobnicate").code());
        assertEquals(0, CliRun.of("--version").code());
    }
}
