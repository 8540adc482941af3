package dev.sluice.standalone.extproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a streamed rewriting holds in {@code sluice extproc} — its held bytes, and the copy of them
 * kept so the body can go on from its original bytes ({@link UnsentInput}) — is charged to the
 * process's held memory and given back when the body ends: after each exchange the admin
 * endpoint's {@code sluice_held_bytes} is 0 again.
 */
class ExtProcHeldMemoryTest {
    private static final String EMAIL = ExtProcMatrixTest.EMAIL;

    @TempDir
    Path dir;

    @Test
    void aLongHeldValueIsChargedAndGivenBackWhenTheBodyEnds() throws Exception {
        try (ExtProcFixture f = ExtProcFixture.start(dir, ExtProcFixture.policy("redact", "open"),
                c -> c.maxHeldTotalBytes(8 << 20), UnaryOperator.identity())) {
            // A string the rewriting holds whole until it ends (a finding could cover any of it).
            String note = "{\"note\":\"" + "word ".repeat(40_000);
            String carded = note + EMAIL + "\",\"customer\":{\"email\":\"" + EMAIL + "\"}}";
            String clean = note + "\"}";
            for (int run = 0; run < 3; run++) {
                ExchangeResult r = respond(f, carded);
                assertFalse(r.responseText().contains(EMAIL), "both addresses masked");
                JsonNode e = f.awaitEventOf(r, "response");
                assertEquals("redacted", e.path("delivery").asText(), e.toString());
                assertEquals("complete", e.path("outcome").asText(), e.toString());
                assertEquals(0.0, heldBytes(f), "run " + run + ": every charge given back");
                // Nothing replaced: the copy kept of the input lasts until the body ends.
                assertEquals(clean, respond(f, clean).responseText());
                assertEquals(0.0, heldBytes(f), "run " + run + ": every charge given back");
            }
            assertTrue(heldRefusals(f) == 0.0);
        }
    }

    private static ExchangeResult respond(ExtProcFixture f, String body) {
        ExchangeResult r = f.envoy.run(EnvoyFilterConfig.both(BodyMode.STREAMED), ExtProcProtocolTest.jsonRequest("{}"),
                HttpMessage.response(200, "application/json", chunks(body, 16 * 1024)));
        assertFalse(r.reset(), r.toString());
        return r;
    }

    private static List<byte[]> chunks(String body, int size) {
        byte[] all = body.getBytes(StandardCharsets.UTF_8);
        List<byte[]> out = new ArrayList<>();
        for (int at = 0; at < all.length; at += size) {
            out.add(java.util.Arrays.copyOfRange(all, at, Math.min(all.length, at + size)));
        }
        return out;
    }

    private static double heldBytes(ExtProcFixture f) throws IOException, InterruptedException {
        return metric(f, "sluice_held_bytes");
    }

    private static double heldRefusals(ExtProcFixture f) throws IOException, InterruptedException {
        return metric(f, "sluice_held_refusals_total");
    }

    private static double metric(ExtProcFixture f, String name) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            String scrape = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + f.runtime.adminPort()
                    + "/metrics")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
            return scrape.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(
                    l.substring(name.length() + 1))).findFirst().orElseThrow(() -> new AssertionError(name + " missing"));
        }
    }
}
