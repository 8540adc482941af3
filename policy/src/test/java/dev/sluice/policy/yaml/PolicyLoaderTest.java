package dev.sluice.policy.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.matchers.Category;
import dev.sluice.matchers.Direction;
import dev.sluice.policy.Action;
import dev.sluice.policy.ActionRule;
import dev.sluice.policy.BlockAnswer;
import dev.sluice.policy.FailRule;
import dev.sluice.policy.Mode;
import dev.sluice.policy.Policy;
import dev.sluice.policy.Route;
import dev.sluice.policy.budget.Budget;
import dev.sluice.policy.identity.IdentityPolicy;
import dev.sluice.policy.mask.MaskStyle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyLoaderTest {
    private static final PolicyLoader LOADER = PolicyLoader.builder().build();

    static final String FULL = """
            version: 1
            mode: detect
            detectors:
              - id: acme_employee_id
                category: pii
                patterns: ['EMP-[0-9]{6}']
                validators: [word_boundary]
            defaults:
              on_failure: {limit: closed}
              actions:
                pii: alert
              response:
                credit_card: {action: redact, mask: keep_last_4}
                secret: {action: redact, mask: fixed, replacement: '[SECRET]'}
            routes:
              - name: card-export
                match:
                  host: ['api.acme.io', '*.acme.internal']
                  path: /v1/cards/**
                  methods: [GET, POST]
                  direction: response
                on_failure: closed
                response:
                  credit_card: {action: block, min_count: 3}
                  acme_employee_id: {action: redact, mask: keyed_hash}
                allow:
                  - fields: ['$.test_cards[*]']
              - name: payments-grpc
                match: {grpc_service: acme.pay.v1.Payments, grpc_method: Charge}
                request:
                  attack: block
            allow:
              - value_hashes: ['0123456789ABCDEF0123456789abcdef']
                detectors: [credit_card]
              - routes: [card-export]
                sources: ['audit.*']
            identity:
              service_name: '{sa}.{ns}'
              source: {trust_xfcc: false, headers: [X-Source-Service]}
              destination: {name: checkout}
              token: {headers: [x-api-key], cookies: [session], jwt_claims: [client_id, sub], jwt_issuer: true}
              metric_services: {names: [checkout, billing], max_seen: 20}
            budgets:
              - name: card-harvest
                detectors: [credit_card, secret]
                max_distinct: 50
                window: 10m
                cooldown: 1h
                max_tokens: 5000
            """;

    @Test
    void aPolicyKnowsTheDigestOfItsText() {
        // printf 'version: 1\nmode: detect\n' | sha256sum
        assertEquals("f71d8936bf6bf26d248194dab14e951ba17c8798c81212f1e830853570e32e0f",
                LOADER.parse("version: 1\nmode: detect\n", "p.yaml").policy().digest());
        assertEquals(PolicyLoader.sha256(PolicyLoader.defaultText()), LOADER.loadDefault().digest());
        assertEquals("", Policy.builder().build().digest(), "a policy built in code has none");
        assertEquals(LOADER.loadDefault().digest(), LOADER.loadDefault().withMode(Mode.DETECT)
                .digest(), "SLUICE_MODE does not change which file is in force");
    }

    @Test
    void everySectionMapsOntoTheModel() {
        LoadResult r = LOADER.parse(FULL, "full.yaml");
        assertTrue(r.ok(), () -> PolicyLoader.format("full.yaml", r.errors()));
        Policy p = r.policy();
        assertEquals(Mode.DETECT, p.mode());
        assertEquals("full.yaml", p.origin());
        assertEquals(List.of("default", "card-export", "payments-grpc"), p.routeNames());
        assertEquals("acme_employee_id", p.customDetectors().getFirst().id());
        assertEquals(new FailRule(true, false, false), p.defaults().fail());

        Route cards = p.routes().getFirst();
        assertEquals(FailRule.CLOSED, cards.fail());
        assertEquals(2, cards.match().hosts().size());
        assertEquals(Set.of("GET", "POST"), cards.match().methods());
        assertEquals(Direction.RESPONSE, cards.match().direction());
        ActionRule block = cards.chain(Direction.RESPONSE).getFirst();
        assertEquals(Action.BLOCK, block.action());
        assertEquals(3, block.minCount());
        assertEquals("routes[card-export].response.credit_card", block.origin());
        assertEquals(MaskStyle.KEYED_HASH, cards.chain(Direction.RESPONSE).get(1).mask().style());
        assertEquals(1, cards.allow().size());

        ActionRule secret = p.defaults().chain(Direction.RESPONSE).stream()
                .filter(x -> x.selector().category() == Category.SECRET).findFirst().orElseThrow();
        assertEquals("[SECRET]", secret.mask().text());

        Route grpc = p.routes().get(1);
        assertEquals("acme.pay.v1.Payments", grpc.match().grpcService());
        assertEquals("Charge", grpc.match().grpcMethod());

        assertEquals(2, p.allow().size());
        assertTrue(p.allow().getFirst().valueHashes().contains("0123456789abcdef0123456789abcdef"));

        IdentityPolicy id = p.identity();
        assertFalse(id.trustXfcc());
        assertEquals(List.of("x-source-service"), id.sourceHeaders());
        assertEquals("checkout", id.destination(Map.of()).name());
        assertEquals(List.of("client_id", "sub"), id.jwtClaims());
        assertTrue(id.jwtIssuer());
        assertEquals(List.of("session"), id.tokenCookies());
        assertEquals(Set.of("checkout", "billing"), id.metricServices());
        assertEquals(20, id.maxSeenServices());

        Budget b = p.budgets().getFirst();
        assertEquals("card-harvest", b.name());
        assertEquals(Set.of("credit_card"), b.detectorIds());
        assertEquals(Set.of(Category.SECRET), b.categories());
        assertEquals(50, b.maxDistinct());
        assertEquals(Duration.ofMinutes(10), b.window());
        assertEquals(Duration.ofHours(1), b.cooldown());
        assertEquals(5000, b.maxTokens());
        assertEquals(Direction.RESPONSE, b.direction());
    }

    @Test
    void aRoutesBlockResponseReplacesTheDefaultsAndTheEventIdIsFilledIn() {
        String yaml = """
                defaults:
                  block_response:
                    status: 403
                    content_type: application/problem+json
                    body: '{"title":"Forbidden","event":"{event_id}"}'
                routes:
                  - name: web
                    match: {path: "/app/**"}
                    block_response: {status: 406, body: "Refused. Reference {event_id}."}
                  - name: api
                    match: {path: "/api/**"}
                """;
        LoadResult r = LOADER.parse(yaml, "answers.yaml");
        assertTrue(r.ok(), () -> PolicyLoader.format("answers.yaml", r.errors()));
        Policy p = r.policy();
        BlockAnswer web = p.blockAnswer("web");
        assertEquals(406, web.status());
        assertEquals("text/plain; charset=utf-8", web.contentType());
        assertEquals("Refused. Reference 6f1-2.", new String(web.bodyFor("6f1-2"), java.nio.charset.StandardCharsets.UTF_8));
        BlockAnswer api = p.blockAnswer("api");
        assertEquals(new BlockAnswer(403, "application/problem+json", "{\"title\":\"Forbidden\",\"event\":\"{event_id}\"}"), api);
        assertEquals(api, p.blockAnswer("default"));
        assertEquals(api, p.withMode(Mode.DETECT).blockAnswer("api"));
        assertNull(LOADER.parse("routes: []\n", "none.yaml").policy().blockAnswer("default"));
    }

    @Test
    void aBlockResponseCarriesItsHeaderFieldsInOrderWithTheEventIdFilledIn() {
        Policy p = LOADER.parse("""
                defaults:
                  block_response:
                    status: 429
                    headers:
                      Access-Control-Allow-Origin: https://app.acme.io
                      Retry-After: 60
                      X-Refusal-Reference: "{event_id}"
                """, "headers.yaml").policy();
        BlockAnswer a = p.blockAnswer("default");
        assertEquals(List.of("Access-Control-Allow-Origin", "Retry-After", "X-Refusal-Reference"),
                List.copyOf(a.headers().keySet()));
        assertEquals("60", a.headers().get("Retry-After"), "a YAML number is the field's text");
        assertEquals("ev-1", a.headersFor("ev-1").get("X-Refusal-Reference"));
        assertEquals("{event_id}", a.headers().get("X-Refusal-Reference"), "the policy's own copy stays a template");
    }

    @Test
    void singleValuesStandForOneElementLists() {
        Policy p = LOADER.parse("routes:\n  - name: a\n    match: {host: api.acme.io, methods: GET}\n", "x").policy();
        assertEquals(1, p.routes().getFirst().match().hosts().size());
        assertEquals(Set.of("GET"), p.routes().getFirst().match().methods());
    }

    @Test
    void checkReadsFilesAndReportsEveryError(@TempDir Path dir) throws IOException {
        Path good = dir.resolve("good.yaml");
        Files.writeString(good, FULL);
        assertEquals(List.of(), LOADER.check(good));
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "mode: detcet\ndefaults:\n  actions:\n    credit_crad: alert\n");
        List<PolicyError> errors = LOADER.check(bad);
        assertEquals(2, errors.size());
        assertEquals(bad + ":4:5: unknown detector 'credit_crad', did you mean 'credit_card'?",
                errors.get(1).format(bad.toString()));
    }

    @Test
    void unreadableOversizedAndNonUtf8FilesAreErrorsNotExceptions(@TempDir Path dir) throws IOException {
        List<PolicyError> missing = LOADER.check(dir.resolve("nope.yaml"));
        assertEquals(1, missing.size());
        assertTrue(missing.getFirst().message().startsWith("cannot read the policy: NoSuchFileException"));

        Path big = dir.resolve("big.yaml");
        Files.writeString(big, "# " + "x".repeat(PolicyLoader.MAX_FILE_BYTES) + "\n");
        assertTrue(LOADER.check(big).getFirst().message().contains("larger than"));

        Path latin1 = dir.resolve("latin1.yaml");
        Files.write(latin1, new byte[] {'m', 'o', 'd', 'e', ':', ' ', (byte) 0xE9, '\n'});
        assertEquals("the policy is not valid UTF-8", LOADER.check(latin1).getFirst().message());
    }

    @Test
    void deepNestingAndHugeDocumentsStopWithOneError() {
        String deep = "a: " + "[".repeat(200) + "]".repeat(200) + "\n";
        List<PolicyError> e = LOADER.parse(deep, "x").errors();
        assertFalse(e.isEmpty());
        assertTrue(e.stream().anyMatch(x -> x.message().contains("nesting") || x.message().contains("depth")), e::toString);
    }

    @Test
    void theEmbeddedDefaultLoadsWithTheLoadersKey() {
        Policy p = LOADER.loadDefault();
        assertEquals("embedded default", p.origin());
        assertEquals(Mode.ENFORCE, p.mode());
        assertNull(p.defaults().match().grpcService());
    }
}
