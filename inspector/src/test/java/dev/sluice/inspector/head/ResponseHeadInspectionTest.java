package dev.sluice.inspector.head;

import static dev.sluice.inspector.head.RequestHeadInspectionTest.found;
import static dev.sluice.inspector.head.RequestHeadInspectionTest.withFields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.inspector.BuiltinEngine;
import dev.sluice.inspector.Finding;
import dev.sluice.inspector.InspectionResult;
import dev.sluice.inspector.Inspector;
import dev.sluice.inspector.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Inspector#inspectResponseHead} with the built-in catalog: secrets and personal data a
 * response's headers leak are found under the header's name; the session cookie a response sets
 * is its credential by design and reports no secret; everyday heads of real services (an API, a
 * cloud store, a CDN in front of an app) report nothing.
 */
class ResponseHeadInspectionTest {
    private static final Inspector inspector = BuiltinEngine.inspector();
    static final String JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSJ9"
            + ".kM3vQ8xT2nR7pL5wY1zA9cF4hJ6dS0eG3bN8uK2mV7o";

    private static InspectionResult inspect(int status, String... headers) {
        return inspector.inspectResponseHead(withFields(HeadBytes.response(status), headers));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "X-Debug-Db|postgres://app:Vt8qLm2xRz5p@db.internal:5432/app|basic_auth_url@header:x-debug-db",
        "X-Upstream-Token|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|github_token@header:x-upstream-token",
        "X-Amz-Meta-Owner|alice.nguyen@fastmail.com|email@header:x-amz-meta-owner",
        "X-Customer-Ssn|512-44-8291|us_ssn@header:x-customer-ssn",
        "X-Error|connect failed: password=Tr0ub4dor-horse-71|password_field@header:x-error",
        "Location|/welcome?email=alice.nguyen%40fastmail.com&step=2|email@header:location",
        "Location|https://app.example.com/cb#access_token=" + JWT + "|jwt@header:location",
        "Set-Cookie|last_email=alice.nguyen%40fastmail.com; Path=/; Max-Age=86400|email@set-cookie:last_email",
        // A cookie-session's base64 JSON, and an identity header's base64 claims, read as the JSON they are.
        "Set-Cookie|session=eyJ1c2VyIjp7ImlkIjo3LCJlbWFpbCI6ImFsaWNlLm5ndXllbkBmYXN0bWFpbC5jb20ifX0=; Path=/; HttpOnly"
                + "|email@set-cookie:session.user.email",
        "X-Ms-Client-Principal|eyJhdXRoX3R5cCI6ImFhZCIsImNsYWltcyI6W3sidHlwIjoicHJlZmVycmVkX3VzZXJuYW1lIiwidmFsIjoiYWxpY2Uubmd1eWVuQGZhc3RtYWlsLmNvbSJ9XX0="
                + "|email@header:x-ms-client-principal.claims[0].val",
    })
    void leaksInResponseHeadersAreFoundUnderTheirName(String name, String value, String expected) {
        InspectionResult r = inspect(200, name, value);
        assertEquals(List.of(expected), found(r));
        for (Finding f : r.findings()) {
            assertEquals(HeadFields.RESPONSE_ORIGIN, f.origin());
        }
    }

    @Test
    void theSessionCookieAResponseSetsReportsNoSecret() {
        assertEquals(List.of(), found(inspect(200,
                "Set-Cookie", "session=" + JWT + "; Path=/; HttpOnly; Secure; SameSite=Lax",
                "Set-Cookie", "api_token=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; Path=/api; HttpOnly")));
    }

    @Test
    void aCookiesAttributesAreNotItsValue() {
        // Expires and Domain are the server's settings: not a date of birth, not a host to report.
        assertEquals(List.of(), found(inspect(200,
                "Set-Cookie", "dob_banner=1; Expires=Wed, 21 Oct 1987 07:28:00 GMT; Domain=10.0.12.34; Path=/")));
    }

    @Test
    void theStatusLineIsNoValue() {
        assertEquals(List.of(), found(inspector.inspectResponseHead(HeadBytes.response(555))));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"response-github-api.http", "response-cloud-storage.http", "response-cdn-app.http"})
    void everydayResponseHeadsReportNothing(String file) throws IOException {
        String text;
        try (InputStream in = getClass().getResourceAsStream("/heads/" + file)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String[] lines = text.split("\r\n");
        HeadBytes head = HeadBytes.response(Integer.parseInt(lines[0].split(" ")[1]));
        int fields = 0;
        for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) {
            int colon = lines[i].indexOf(':');
            head.header(lines[i].substring(0, colon), lines[i].substring(colon + 1).strip());
            fields++;
        }
        assertTrue(fields > 20, "a real head: " + fields + " fields");
        InspectionResult r = inspector.inspectResponseHead(head);
        assertEquals(List.of(), found(r));
        assertEquals(Outcome.COMPLETE, r.outcome());
    }

    @Test
    void aRequestHeadsRulesStayTheirs() {
        // The same header in a request is its credential: not reported there.
        HeadBytes request = HeadBytes.request("GET", "/").header("X-Upstream-Token",
                "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");
        assertEquals(List.of(), found(inspector.inspectRequestHead(request)));
    }
}
