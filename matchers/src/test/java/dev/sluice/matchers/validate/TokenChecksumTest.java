package dev.sluice.matchers.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The token CRC-32 / base62 scheme, against java.util.zip.CRC32 and against the corpus. */
class TokenChecksumTest {
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    static String token(Random rnd, String prefix) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            body.append(BASE62.charAt(rnd.nextInt(62)));
        }
        CRC32 crc = new CRC32();
        crc.update(body.toString().getBytes(StandardCharsets.US_ASCII));
        long v = crc.getValue();
        char[] check = new char[6];
        for (int i = 5; i >= 0; i--) {
            check[i] = BASE62.charAt((int) (v % 62));
            v /= 62;
        }
        return prefix + body + new String(check);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void crc32MatchesJavaUtilZip(long seed) {
        Random rnd = new Random(seed);
        for (int k = 0; k < 1000; k++) {
            byte[] b = new byte[rnd.nextInt(100)];
            rnd.nextBytes(b);
            CRC32 crc = new CRC32();
            crc.update(b);
            assertEquals(crc.getValue(), TokenChecksum.crc32(b, 0, b.length));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {4, 5, 6})
    void generatedTokensPassAndAnyChangedCharacterFails(long seed) {
        Random rnd = new Random(seed);
        for (String prefix : List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "npm_")) {
            ByteValidator v = prefix.equals("npm_") ? NpmTokenValidator.INSTANCE : GithubTokenValidator.INSTANCE;
            for (int k = 0; k < 200; k++) {
                String t = token(rnd, prefix);
                assertTrue(v.test(ArrayCandidate.of(t)), prefix);
                int i = 4 + rnd.nextInt(36);
                char other;
                do {
                    other = BASE62.charAt(rnd.nextInt(62));
                } while (other == t.charAt(i));
                // CRC-32 detects every error burst of up to 32 bits, so one changed byte of the
                // body always changes the checksum; a changed checksum character never matches.
                assertFalse(v.test(ArrayCandidate.of(t.substring(0, i) + other + t.substring(i + 1))), prefix + " at " + i);
            }
        }
    }

    @Test
    void everyLabeledClassicGithubAndNpmTokenInTheCorpusHasAValidChecksum() {
        List<Corpus.Label> labels = Corpus.labels();
        assumeTrue(!labels.isEmpty(), "shared corpora not found (set -Dsluice.shared)");
        int classic = 0;
        for (Corpus.Label l : labels) {
            boolean github = l.id().equals("github_token") && !l.value().startsWith("github_pat_");
            boolean npm = l.id().equals("npm_token");
            if (!github && !npm) {
                continue;
            }
            byte[] b = l.value().getBytes(StandardCharsets.US_ASCII);
            assertEquals(40, b.length, l.where());
            assertTrue(TokenChecksum.bodyOk(b, 4), "checksum of " + l.where());
            classic++;
        }
        assertTrue(classic >= 50, "only " + classic + " classic tokens found");
    }
}
