package dev.sluice.policy.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every validation error, each at the line and column of the offending key or value, with the
 * message a user reads. Each case is a small policy with exactly one mistake.
 */
class ValidationErrorsTest {
    private static final PolicyLoader LOADER = PolicyLoader.builder().build();

    static Stream<Arguments> oneMistake() {
        return Stream.of(
                Arguments.of("syntax", "defaults:\n  actions: [\n", "3:1", "YAML syntax: expected the node content"),
                Arguments.of("block syntax", "mode: detect\n- x\n", "2:1", "YAML syntax: expected <block end>"),
                Arguments.of("empty", "", "1:1", "the policy is empty"),
                Arguments.of("not a mapping", "- a\n- b\n", "1:1", "the policy must be a mapping, not a list"),
                Arguments.of("second document", "mode: detect\n---\nmode: enforce\n", "3:1",
                        "a policy file holds one YAML document"),
                Arguments.of("duplicate key", "mode: detect\nmode: enforce\n", "2:1",
                        "duplicate key 'mode' (first at line 1)"),
                Arguments.of("alias", "defaults:\n  actions: &a {pii: alert}\n  request: *a\n", "3:12",
                        "YAML aliases (*a) are not supported"),
                Arguments.of("unknown top key", "version: 1\nrotues: []\n", "2:1",
                        "unknown key 'rotues' in the policy, did you mean 'routes'?"),
                Arguments.of("version", "version: 2\n", "1:10", "this Sluice reads policy version 1, not 2"),
                Arguments.of("mode", "mode: detcet\n", "1:7", "unknown mode 'detcet' (expected enforce, detect), did you mean 'detect'?"),
                Arguments.of("route mode", "routes:\n  - name: beta\n    match: {path: /b}\n    mode: dtect\n", "4:11",
                        "unknown mode 'dtect' (expected enforce, detect), did you mean 'detect'?"),
                Arguments.of("route mode not a word", "routes:\n  - name: beta\n    match: {path: /b}\n    mode: [detect]\n",
                        "4:11", "mode must be a non-empty string, not a list"),
                Arguments.of("defaults mode", "defaults:\n  mode: detect\n", "2:9",
                        "the defaults' mode is the policy's: write 'mode' at the top of the file"),
                Arguments.of("unknown detector", "defaults:\n  actions:\n    credit_crad: redact\n", "3:5",
                        "unknown detector 'credit_crad', did you mean 'credit_card'?"),
                Arguments.of("unknown category", "defaults:\n  actions:\n    secrets: alert\n", "3:5",
                        "unknown detector 'secrets', did you mean 'secret'?"),
                Arguments.of("unknown detector far", "defaults:\n  actions:\n    zzzzzzzz: alert\n", "3:5",
                        "unknown detector 'zzzzzzzz'"),
                Arguments.of("unknown action", "defaults:\n  actions:\n    pii: blok\n", "3:10",
                        "unknown action 'blok' (expected ignore, alert, redact, block), did you mean 'block'?"),
                Arguments.of("empty action", "defaults:\n  response:\n    email: {action: ''}\n", "3:21",
                        "action must be a non-empty string, not an empty one"),
                Arguments.of("entry without action", "defaults:\n  response:\n    email: {mask: fixed}\n", "3:12",
                        "an action entry needs 'action'"),
                Arguments.of("unknown entry key", "defaults:\n  response:\n    email: {action: redact, msak: fixed}\n",
                        "3:29", "unknown key 'msak' in an action entry, did you mean 'mask'?"),
                Arguments.of("unknown mask", "defaults:\n  response:\n    email: {action: redact, mask: last4}\n",
                        "3:35", "unknown mask 'last4' (expected keep_last_4, fixed, keyed_hash)"),
                Arguments.of("mask on alert", "defaults:\n  response:\n    email: {action: alert, mask: fixed}\n",
                        "3:28", "'mask' goes with action redact only, not alert"),
                Arguments.of("replacement with keep_last_4",
                        "defaults:\n  response:\n    email: {action: redact, mask: keep_last_4, replacement: x}\n",
                        "3:48", "'replacement' goes with mask fixed only"),
                Arguments.of("replacement quote",
                        "defaults:\n  response:\n    email: {action: redact, replacement: 'a\"b'}\n", "3:42",
                        "a replacement must be printable ASCII"),
                Arguments.of("min_count zero", "defaults:\n  response:\n    email: {action: block, min_count: 0}\n",
                        "3:39", "min_count must be between 1 and 100000, not 0"),
                Arguments.of("min_count text", "defaults:\n  response:\n    email: {action: block, min_count: many}\n",
                        "3:39", "min_count must be a whole number, not a string"),
                Arguments.of("actions not a map", "defaults:\n  actions: [pii]\n", "2:12",
                        "defaults.actions must be a mapping, not a list"),
                Arguments.of("on_failure word", "defaults:\n  on_failure: sometimes\n", "2:15",
                        "unknown on_failure 'sometimes' (expected open, closed)"),
                Arguments.of("on_failure kind", "defaults:\n  on_failure: {limits: closed}\n", "2:16",
                        "unknown key 'limits' in on_failure, did you mean 'limit'?"),
                Arguments.of("block_response status", "defaults:\n  block_response: {status: 302}\n", "2:28",
                        "block_response.status must be between 400 and 599, not 302"),
                Arguments.of("block_response without status", "defaults:\n  block_response: {body: no}\n", "2:19",
                        "block_response needs a status (400 to 599)"),
                Arguments.of("block_response key", "defaults:\n  block_response: {status: 403, content: x}\n",
                        "2:33", "unknown key 'content' in block_response"),
                Arguments.of("block_response header name", "defaults:\n  block_response:\n    status: 403\n"
                        + "    headers: {\"Bad Name\": x}\n", "4:15",
                        "block_response.headers: header name 'Bad Name' must be 1 to 64 letters, digits or"
                                + " !#$%&'*+-.^_`|~"),
                Arguments.of("block_response reserved header", "defaults:\n  block_response:\n    status: 403\n"
                        + "    headers: {Content-Length: 0}\n", "4:15",
                        "block_response.headers: header Content-Length is Sluice's to set, not an answer's"),
                Arguments.of("block_response header value", "defaults:\n  block_response:\n    status: 403\n"
                        + "    headers: {X-A: \"two\\nlines\"}\n", "4:15",
                        "block_response.headers: header X-A must have a value of at most 1024 printable ASCII"
                                + " characters, without spaces around it"),
                Arguments.of("block_response header list", "defaults:\n  block_response:\n    status: 403\n"
                        + "    headers: {X-A: [1, 2]}\n", "4:20", "block_response.headers.X-A must be a value, not a list"),
                Arguments.of("block_response content type", "routes:\n  - name: a\n    match: {path: /a}\n"
                        + "    block_response: {status: 406, content_type: \"text/html\\n\"}\n", "4:21",
                        "block_response: content_type must be 1 to 128 printable ASCII characters"),
                Arguments.of("defaults key", "defaults:\n  respones: {}\n", "2:3",
                        "unknown key 'respones' in defaults, did you mean 'response'?"),
                Arguments.of("routes not a list", "routes: {name: a}\n", "1:9", "routes must be a list, not a mapping"),
                Arguments.of("route without name", "routes:\n  - match: {path: /a}\n", "2:5", "a route needs 'name'"),
                Arguments.of("route name shape", "routes:\n  - name: Payments API\n    match: {path: /a}\n", "2:11",
                        "route name 'Payments API': a name is 1 to 64"),
                Arguments.of("route name reserved", "routes:\n  - name: default\n    match: {path: /a}\n", "2:11",
                        "route name 'default' is reserved"),
                Arguments.of("route name twice",
                        "routes:\n  - name: a\n    match: {path: /a}\n  - name: a\n    match: {path: /b}\n", "4:11",
                        "route name 'a' is used twice (first at line 2)"),
                Arguments.of("route without match", "routes:\n  - name: a\n", "2:5", "a route needs 'match'"),
                Arguments.of("empty match", "routes:\n  - name: a\n    match: {}\n", "3:12", "match needs at least one of"),
                Arguments.of("match key", "routes:\n  - name: a\n    match: {paht: /a}\n", "3:13",
                        "unknown key 'paht' in match, did you mean 'path'?"),
                Arguments.of("method", "routes:\n  - name: a\n    match: {methods: [PSOT]}\n", "3:23",
                        "unknown method 'PSOT'"),
                Arguments.of("direction", "routes:\n  - name: a\n    match: {direction: responce}\n", "3:24",
                        "unknown direction 'responce' (expected request, response), did you mean 'response'?"),
                Arguments.of("path glob", "routes:\n  - name: a\n    match: {path: 'api/**'}\n", "3:19",
                        "a path glob starts with '/' or '*'"),
                Arguments.of("triple star", "routes:\n  - name: a\n    match: {path: '/***'}\n", "3:19",
                        "path: '***' is not a glob wildcard"),
                Arguments.of("grpc method alone", "routes:\n  - name: a\n    match: {grpc_method: Charge}\n", "3:13",
                        "grpc_method needs grpc_service"),
                Arguments.of("grpc name", "routes:\n  - name: a\n    match: {grpc_service: 'acme/Pay'}\n", "3:27",
                        "grpc_service is a plain name"),
                Arguments.of("route key", "routes:\n  - name: a\n    match: {path: /a}\n    alow: []\n", "4:5",
                        "unknown key 'alow' in a route, did you mean 'allow'?"),
                Arguments.of("allow without condition", "allow:\n  - detectors: [email]\n", "2:5",
                        "an allow entry needs value_hashes, fields, routes, sources or destinations"),
                Arguments.of("allow hash shape", "allow:\n  - value_hashes: [abc]\n", "2:20",
                        "a value hash is 32 hex digits"),
                Arguments.of("allow unknown route", "routes:\n  - name: health\n    match: {path: /healthz}\nallow:\n"
                        + "  - routes: [helth]\n", "5:14", "unknown route 'helth', did you mean 'health'?"),
                Arguments.of("allow detector", "allow:\n  - fields: ['$.test']\n    detectors: [emial]\n", "3:17",
                        "unknown detector 'emial', did you mean 'email'?"),
                Arguments.of("allow key", "allow:\n  - field: ['$.test']\n", "2:5",
                        "unknown key 'field' in an allow entry, did you mean 'fields'?"),
                Arguments.of("identity key", "identity:\n  tokens: {}\n", "2:3",
                        "unknown key 'tokens' in identity, did you mean 'token'?"),
                Arguments.of("identity template", "identity:\n  service_name: '{ns}'\n", "2:17",
                        "a service name template must contain {sa}"),
                Arguments.of("identity placeholder", "identity:\n  service_name: '{sa}.{cluster}'\n", "2:17",
                        "a service name template knows only {ns}, {sa} and {td}"),
                Arguments.of("trust_xfcc", "identity:\n  source: {trust_xfcc: sure}\n", "2:24",
                        "trust_xfcc must be true or false, not a string"),
                Arguments.of("header name", "identity:\n  token:\n    headers: ['x api key']\n", "3:14",
                        "header name 'x api key' has a character not allowed"),
                Arguments.of("max_seen", "identity:\n  metric_services: {max_seen: -1}\n", "2:31",
                        "max_seen must be between 0 and 10000, not -1"),
                Arguments.of("budget missing", "budgets:\n  - name: b\n    detectors: [credit_card]\n    window: 10m\n"
                        + "    cooldown: 1m\n", "2:5", "a budget needs 'max_distinct'"),
                Arguments.of("budget duration", "budgets:\n  - name: b\n    detectors: [credit_card]\n"
                        + "    max_distinct: 5\n    window: 10 minutes\n    cooldown: 1m\n", "5:13",
                        "window must be a duration such as 30s, 10m, 2h or 1d"),
                Arguments.of("budget window zero", "budgets:\n  - name: b\n    detectors: [credit_card]\n"
                        + "    max_distinct: 5\n    window: 0s\n    cooldown: 1m\n", "5:13",
                        "window must be more than 0 and at most 7d"),
                Arguments.of("budget too many", "budgets:\n  - name: b\n    detectors: [credit_card]\n"
                        + "    max_distinct: 100000\n    window: 1m\n    cooldown: 1m\n", "4:19",
                        "max_distinct must be between 1 and 10000"),
                Arguments.of("budget name twice", "budgets:\n  - {name: b, detectors: [pii], max_distinct: 5, window: 1m,"
                        + " cooldown: 1m}\n  - {name: b, detectors: [pii], max_distinct: 5, window: 1m, cooldown: 1m}\n",
                        "3:12", "budget name 'b' is used twice (first at line 2)"),
                Arguments.of("budget detector", "budgets:\n  - {name: b, detectors: [credit_cards], max_distinct: 5,"
                        + " window: 1m, cooldown: 1m}\n", "2:27",
                        "unknown detector 'credit_cards', did you mean 'credit_card'?"),
                Arguments.of("detector field", "detectors:\n  - id: acme_id\n    category: pii\n    patternz: ['x']\n",
                        "4:5", "detector 'acme_id': unknown field 'patternz'"),
                Arguments.of("detector category", "detectors:\n  - id: acme_id\n    patterns: ['x']\n", "2:5",
                        "detector 'acme_id': 'category' is required"),
                Arguments.of("detector clash", "detectors:\n  - id: email\n    category: pii\n    patterns: ['x']\n",
                        "2:5", "detector id 'email' already exists"),
                Arguments.of("detector named like a category", "detectors:\n  - id: pii\n    category: pii\n"
                        + "    patterns: ['x']\n", "2:5", "detector id 'pii' is a category name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oneMistake")
    void reportsTheMistakeWhereItIs(String name, String yaml, String lineCol, String message) {
        LoadResult r = LOADER.parse(yaml, "p.yaml");
        assertFalse(r.ok(), name + " should not load");
        assertEquals(1, r.errors().size(), () -> "exactly one error expected, got:\n" + r.errors());
        PolicyError e = r.errors().getFirst();
        assertEquals(lineCol, e.line() + ":" + e.column(), () -> "location of: " + e);
        assertTrue(e.message().startsWith(message), () -> "message: " + e.message());
    }

    @Test
    void reportsEveryMistakeAtOnceInFileOrder() {
        String yaml = """
                version: 1
                mode: enforse
                defaults:
                  actions:
                    credit_crad: redact
                    pii: blok
                routes:
                  - name: cards
                    match: {path: /cards/**, methods: [GTE]}
                    response:
                      credit_card: {action: block, min_count: 0}
                budgets:
                  - name: b
                    detectors: [credit_card]
                    max_distinct: 5
                    window: 10x
                    cooldown: 1m
                """;
        List<PolicyError> errors = LOADER.parse(yaml, "p.yaml").errors();
        assertEquals(List.of("2:7", "5:5", "6:10", "9:40", "11:47", "16:13"),
                errors.stream().map(e -> e.line() + ":" + e.column()).toList(), errors::toString);
    }

    @Test
    void formatsErrorsForEditors() {
        List<PolicyError> errors = LOADER.parse("mode: detcet\n", "x").errors();
        assertEquals("deploy/p.yaml:1:7: unknown mode 'detcet' (expected enforce, detect), did you mean 'detect'?",
                PolicyLoader.format("deploy/p.yaml", errors));
    }
}
