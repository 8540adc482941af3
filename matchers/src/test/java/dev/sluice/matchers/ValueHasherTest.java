package dev.sluice.matchers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hash is HMAC-SHA256 (first 16 bytes, hex), for keys shorter and longer than a block. */
class ValueHasherTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void isTheFirstHalfOfHmacSha256(long seed) throws Exception {
        Random r = new Random(seed);
        byte[] key = new byte[16 + r.nextInt(150)];
        r.nextBytes(key);
        ValueHasher hasher = ValueHasher.withKey(key);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        for (int i = 0; i < 200; i++) {
            byte[] buf = new byte[r.nextInt(300)];
            r.nextBytes(buf);
            int off = buf.length == 0 ? 0 : r.nextInt(buf.length);
            int len = r.nextInt(buf.length - off + 1);
            mac.update(buf, off, len);
            String expected = HexFormat.of().formatHex(mac.doFinal(), 0, 16);
            assertEquals(expected, hasher.hash(buf, off, len));
        }
    }
}
