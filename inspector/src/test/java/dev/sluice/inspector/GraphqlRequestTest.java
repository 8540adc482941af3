package dev.sluice.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.matchers.Direction;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * GraphQL requests through a whole session, as a GraphQL server receives them: an attack in a
 * literal argument is found in the literal, under its argument's path, whether the document comes
 * as {@code application/graphql}, as the {@code query} member of a JSON request, or as the
 * {@code query} parameter of a GET; and a form value holding JSON (GraphQL's {@code variables}) is
 * read as JSON.
 */
class GraphqlRequestTest {
    private static final Inspector inspector = BuiltinEngine.inspector();
    private static final String SQLI = "0 UNION SELECT username, password FROM users--";

    /** The findings of {@code body} as {@code id@start-end:path}, the same under seeded random chunkings. */
    private static List<String> findings(String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        List<String> whole = described(contentType, bytes, SessionRuns.Chunking.whole());
        Random rnd = new Random(0xC0FFEE + body.length());
        for (int i = 0; i < 5; i++) {
            SessionRuns.Chunking cuts = SessionRuns.Chunking.random(rnd, bytes.length);
            assertEquals(whole, described(contentType, bytes, cuts), cuts.name());
        }
        return whole;
    }

    private static List<String> described(String contentType, byte[] body, SessionRuns.Chunking chunking) {
        return SessionRuns.inspect(inspector, Direction.REQUEST, contentType, null, body, chunking).findings().stream()
                .map(f -> f.id() + "@" + f.start() + "-" + f.end() + ":" + f.path()).sorted().toList();
    }

    /** The one finding expected: {@code id} over {@code text} where it first stands in {@code body}. */
    private static List<String> one(String id, String body, String text, String path) {
        int at = body.indexOf(text);
        return List.of(id + "@" + at + "-" + (at + text.length()) + ":" + path);
    }

    @Test
    void anInjectionInALiteralOfAGraphqlBodyIsFound() {
        String doc = "{ users(q: \"" + SQLI + "\") { id name } }";
        assertEquals(one("attack.sqli", doc, SQLI, "users(q)"), findings("application/graphql", doc));
    }

    @Test
    void anInjectionInTheQueryMemberOfAJsonRequestIsFound() {
        String body = "{\"operationName\":null,\"query\":\"query { users(q: \\\"" + SQLI + "\\\") { id } }\",\"variables\":{}}";
        assertEquals(one("attack.sqli", body, SQLI, "$.query.users(q)"), findings("application/json", body));
    }

    @Test
    void anEscapedInjectionIsDecodedFirst() {
        String doc = "{ users(q: \"0 \\u0055NION SELECT username, password FROM users--\") { id } }";
        assertEquals(1, findings("application/graphql", doc).size(), doc);
    }

    @Test
    void aQueryMemberThatIsNoGraphqlIsAValueAsBefore() {
        String body = "{\"query\":\"" + SQLI + "\"}";
        assertEquals(one("attack.sqli", body, SQLI, "$.query"), findings("application/json", body));
    }

    @Test
    void introspectionIsStillSeenInTheDocumentsText() {
        List<String> found = findings("application/graphql", "query { __schema { types { name } } }");
        assertEquals(1, found.stream().filter(f -> f.startsWith("attack.graphql_introspection@")).count(), found.toString());
    }

    @Test
    void introspectionAfterALiteralIsStillInsideItsSelectionSet() {
        for (String doc : new String[] {"{ a(x: \"\") b(x: \"y\") __schema { types { name } } }",
                "{ __type(name: \"User\") { fields { name } } }",
                "query Q($v: String = \"a\") { u(v: $v) { id } t: __type(name: \"User\") { name } }"}) {
            List<String> found = findings("application/graphql", doc);
            assertEquals(1, found.stream().filter(f -> f.startsWith("attack.graphql_introspection@")).count(),
                    doc + " " + found);
        }
        List<String> ordinary = findings("application/graphql", "{ a(x: \"__schema {\") { __typename } }");
        assertEquals(List.of(), ordinary);
    }

    @Test
    void aPasswordArgumentIsAPasswordField() {
        String doc = "mutation { login(user: \"ana\", password: \"Tr0ub4dor-horse-71\") { token } }";
        assertEquals(one("password_field", doc, "Tr0ub4dor-horse-71", "login(password)"), findings("application/graphql", doc));
    }

    private static String formEncoded(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void anInjectionInAGraphqlGetQueryIsFoundInItsLiteral() {
        String literal = formEncoded(SQLI);
        String head = "GET /graphql?query=" + formEncoded("{ users(q: \"") + literal + formEncoded("\") { id } }")
                + "&operationName=Q HTTP/1.1\r\nHost: api\r\n\r\n";
        assertEquals(one("attack.sqli", head, literal, "query:query.users(q)"), findings(MediaKind.HTTP_MESSAGE, head));
    }

    @Test
    void aFormValueHoldingJsonIsReadAsJson() {
        String literal = formEncoded(SQLI);
        String body = "operationName=Q&variables=" + formEncoded("{\"filter\": {\"q\": \"") + literal + formEncoded("\"}}");
        assertEquals(one("attack.sqli", body, literal, "variables.filter.q"),
                findings("application/x-www-form-urlencoded", body));
        String card = "4111%201111%201111%201111";
        String payload = "payload=%5B%7B%22card%22%3A%22" + card + "%22%7D%5D&x=1";
        assertEquals(one("credit_card", payload, card, "payload[0].card"),
                findings("application/x-www-form-urlencoded", payload));
    }

    @Test
    void aFormValueThatIsNoDocumentIsOneValueAsBefore() {
        for (String value : new String[] {"call+jane.doe%40mail.net", "+%7B+jane.doe%40mail.net", "%7Bjane.doe%40mail.net%7D",
                "%5BREDACTED%5D+jane.doe%40mail.net"}) {
            for (String name : new String[] {"query", "q"}) {
                String body = name + "=" + value + "&b=2";
                assertEquals(one("email", body, "jane.doe%40mail.net", name), findings("application/x-www-form-urlencoded", body),
                        body);
            }
        }
    }

    @Test
    void aFormValuePastTheHeldLimitIsReadAsText() {
        String filler = "a".repeat(dev.sluice.inspector.json.NestedDocuments.MAX_HELD_BYTES);
        String body = "payload=%7B%22note%22%3A%22" + filler + "+jane.doe%40mail.net%22%7D";
        assertEquals(one("email", body, "jane.doe%40mail.net", "payload"), findings("application/x-www-form-urlencoded", body));
    }
}
