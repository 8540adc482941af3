package dev.sluice.standalone.config;

import dev.sluice.policy.ByteSize;
import dev.sluice.policy.yaml.Suggestions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueSyntaxTest {

    @ParameterizedTest
    @CsvSource({
        "0.0.0.0:8080, 0.0.0.0, 8080, false",
        "127.0.0.1:9464, 127.0.0.1, 9464, true",
        "127.9.9.9:1, 127.9.9.9, 1, true",
        "localhost:0, localhost, 0, true",
        "LOCALHOST:5, LOCALHOST, 5, true",
        "'[::1]:9464', ::1, 9464, true",
        "'[::]:80', ::, 80, false",
        "10.0.0.1:65535, 10.0.0.1, 65535, false",
        "admin.internal:9464, admin.internal, 9464, false",
    })
    void hostPortsParseAndKnowLoopback(String text, String host, int port, boolean loopback) {
        HostPort hp = HostPort.parse(text);
        assertEquals(new HostPort(host, port), hp);
        assertEquals(loopback, hp.isLoopback());
        assertEquals(hp, HostPort.parse(hp.toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"8080", ":8080", "host:", "host:65536", "host:-1", "host:80a", "::1:80", "host:0000080",
        "[]:80"})
    void malformedHostPortsAreRefused(String text) {
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse(text));
    }

    @ParameterizedTest
    @CsvSource({
        "1048576, 1048576", "1_048_576, 1048576", "64KiB, 65536", "64k, 65536", "32MiB, 33554432",
        "32 mib, 33554432", "1GiB, 1073741824", "4 MB, 4000000", "1kb, 1000", "2GB, 2000000000", "7b, 7",
    })
    void sizesReadBinaryAndDecimalUnits(String text, long bytes) {
        assertEquals(bytes, ByteSize.parse(text, 0, Long.MAX_VALUE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "MiB", "-1", "1.5MiB", "12 parsecs", "9999999999999999", "1 2"})
    void malformedSizesAreRefused(String text) {
        assertThrows(IllegalArgumentException.class, () -> ByteSize.parse(text, 0, Long.MAX_VALUE));
    }

    @Test
    void sizesOutsideTheirRangeNameTheRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ByteSize.parse("3GiB", 1, Integer.MAX_VALUE));
        assertEquals("must be between 1 and 2147483647, not 3GiB", e.getMessage());
        assertEquals("32MiB", ByteSize.format(32L << 20));
        assertEquals("1000", ByteSize.format(1000));
    }

    @Test
    void listsSplitOnSpacesCommasAndPipesAsTheCrsImageWritesThem() {
        assertEquals(List.of("GET", "HEAD", "POST"), Setting.splitList(" GET HEAD,POST "));
        assertEquals(List.of("application/json", "text/xml"), Setting.splitList("|application/json| |text/xml|"));
        assertEquals(List.of(), Setting.splitList(" , | "));
    }

    @Test
    void hintsComeOnlyWhenOneNameIsClose() {
        assertEquals(", did you mean 'listen'?", Suggestions.didYouMean("listn", List.of("listen", "allowed_methods")));
        assertEquals(", did you mean 'enforce'?", Suggestions.didYouMean("ENFORSE", List.of("enforce", "detect")));
        assertEquals("", Suggestions.didYouMean("colour", List.of("listen", "mode")));
        assertEquals("", Suggestions.didYouMean("ab", List.of("ac", "ad")));
    }

    /** Random YAML-ish text and variables: the loader answers with a config or a ConfigException, nothing else. */
    @RepeatedTest(300)
    void arbitraryInputGivesAConfigOrErrorsNeverAnotherException(RepetitionInfo info) {
        Random random = new Random(0x51CEL + info.getCurrentRepetition());
        String[] pieces = {"proxy:", "\n  ", "listen: ", "0.0.0.0:1", "[", "]", "{", "}", ": ", "- ", "\n", "mode: ",
            "detect", "&a ", "*a", "limits:", "max_held_body_bytes: ", "1MiB", "'", "\"", "#", "admin:", "allow_non_loopback: ",
            "true", "events:", "output: ", "\t", "\u0000", "\uD800", "grpc:", "descriptor_sets: ", "x.pb", ",", "?"};
        StringBuilder yaml = new StringBuilder();
        for (int i = random.nextInt(40); i > 0; i--) {
            yaml.append(pieces[random.nextInt(pieces.length)]);
        }
        Map<String, String> env = random.nextBoolean() ? Map.of() : Map.of("SLUICE_LISTEN", yaml.toString().strip(),
                "ALLOWED_METHODS", pieces[random.nextInt(pieces.length)]);
        try {
            SluiceConfig c = SluiceConfigLoader.load(yaml.toString(), "fuzz.yaml", null, env);
            assertTrue(c.adminListen().isLoopback() || c.adminAllowNonLoopback());
        } catch (ConfigException e) {
            assertFalse(e.errors().isEmpty());
            for (ConfigError err : e.errors()) {
                assertTrue(err.line() >= 0 && err.column() >= 0, err.format());
            }
        }
    }
}
