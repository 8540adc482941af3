package dev.sluice.standalone.serve;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import dev.sluice.standalone.proxy.NoLeaks;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice serve} with the embedded default policy, fed broken requests over raw sockets:
 * HTTP/1.1 requests (keep-alive, pipelined, chunked, {@code Expect}, forms, multipart, an h2c
 * upgrade) and an HTTP/2 preface, each changed in seeded random ways (bytes flipped, framing
 * fields inserted, ranges dropped or doubled, the end cut off), sent, then the client's side shut.
 * Every connection must end within the wait (answered or closed, never left hanging), what comes
 * back must be HTTP, and a well-formed request must still get its answer afterwards. HTTP/2
 * conversations (prior knowledge: preface, settings, a GET, a POST with a leaky JSON body) are
 * broken the same way and dropped by the client after a short read. No Netty buffer may leak.
 * {@code -Dsluice.mutants=N} runs a longer campaign.
 */
@ExtendWith(NoLeaks.class)
class MutatedRequestTest {
    private static final int WAIT_MS = 5_000;
    private static final List<byte[]> TEMPLATES = ascii(
            "GET /api/users HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /api/users HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\nGET /api/other HTTP/1.1\r\nHost: x\r\n\r\n",
            "POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 57\r\n\r\n"
                    + "{\"username\":\"alice.nguyen@fastmail.com\",\"password\":\"Tr0\"}",
            "POST /api/search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "10\r\n{\"q\":\"0 UNION S\r\n1d\r\nELECT username FROM users--\"}\r\n0\r\n\r\n",
            "POST /api/login HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Type: "
                    + "application/x-www-form-urlencoded\r\nContent-Length: 27\r\n\r\nuser=a%40b.com&pass=secret1",
            "GET /api/users HTTP/1.1\r\nHost: x\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n"
                    + "Connection: Upgrade, HTTP2-Settings\r\n\r\n",
            "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\u0000\u0000\u0000\u0004\u0000\u0000\u0000\u0000\u0000",
            "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=zz\r\nContent-Length: 84\r\n\r\n"
                    + "--zz\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\ncard 4111 1111 1111 1111\r\n--zz--\r\n");
    private static final List<byte[]> FRAGMENTS = ascii("\r\n", "\n", " ", ":", "\u0000", "\t", "\r\n\r\n",
            "Transfer-Encoding: chunked\r\n", "Content-Length: 5\r\n", "Content-Length: -1\r\n",
            "Content-Length: 99999999999\r\n", "HTTP/1.0", "HTTP/2.0", "0\r\n\r\n", "ffffffff\r\n", "Host: y\r\n",
            "Connection: close\r\n", "Expect: 100-continue\r\n", " folded\r\n", "%", "?", "#", "/../",
            "\u0000\u0000\u0000\u0004\u0001\u0000\u0000\u0000\u0000");

    @TempDir
    static Path dir;
    private static HttpServer upstream;
    private static ServeRuntime serve;

    @BeforeAll
    static void start() throws IOException, StartupException {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        upstream.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            EnforcementTest.send(ex, "{\"name\":\"Alice\",\"card\":\"4111 1111 1111 1111\"}");
        });
        upstream.start();
        serve = ServeTests.serveDefault(upstream, dir.resolve("events.jsonl"));
    }

    @AfterAll
    static void stop() {
        if (serve != null) {
            serve.close();
        }
        upstream.stop(0);
    }

    @RepeatedTest(value = 200, name = "mutant {currentRepetition}")
    void aBrokenRequestIsAnsweredOrClosedAndTheProxyServesOn(RepetitionInfo info) throws IOException {
        int campaign = Integer.getInteger("sluice.mutants", 0);
        int per = campaign <= 0 ? 1 : Math.max(1, campaign / info.getTotalRepetitions());
        for (int k = 0; k < per; k++) {
            long seed = 0xb10c_0000L + (long) info.getCurrentRepetition() * 1_000_003L + k;
            Random random = new Random(seed);
            byte[] request = mutate(random, TEMPLATES.get(random.nextInt(TEMPLATES.size())));
            String answer = sendHalfClosed(request, "seed " + seed);
            assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 ") || answer.length() > 3 && answer.charAt(3) == 4,
                    () -> "seed " + seed + ": not HTTP: " + answer.substring(0, Math.min(60, answer.length())));
        }
        if (info.getCurrentRepetition() % 20 == 0) {
            String ok = sendHalfClosed(TEMPLATES.getFirst(), "a well-formed request");
            assertTrue(ok.startsWith("HTTP/1.1 200"), ok);
            assertTrue(ok.contains("1111") && !ok.contains("4111 1111 1111 1111"), "the card is redacted: " + ok);
        }
    }

    @RepeatedTest(value = 40, name = "HTTP/2 mutant {currentRepetition}")
    void aBrokenHttp2ConversationLeavesTheProxyServing(RepetitionInfo info) throws IOException {
        int campaign = Integer.getInteger("sluice.mutants", 0);
        int per = campaign <= 0 ? 1 : Math.max(1, campaign / 5 / info.getTotalRepetitions());
        for (int k = 0; k < per; k++) {
            long seed = 0xb20c_0000L + (long) info.getCurrentRepetition() * 1_000_003L + k;
            Random random = new Random(seed);
            byte[] conversation = mutate(random, H2_CONVERSATION);
            try (Socket s = new Socket("127.0.0.1", serve.proxyPort())) {
                s.setSoTimeout(H2_READ_MS);
                s.getOutputStream().write(conversation);
                s.getInputStream().readNBytes(1 << 16);
            } catch (SocketTimeoutException e) {
                // the proxy waits for more: the client drops the connection, as clients do
            } catch (IOException e) {
                // reset by the proxy
            }
        }
        if (info.getCurrentRepetition() % 10 == 0) {
            assertTrue(sendHalfClosed(TEMPLATES.getFirst(), "a well-formed request").startsWith("HTTP/1.1 200"));
        }
    }

    private static final int H2_READ_MS = 150;

    /** Preface, SETTINGS, a GET on stream 1 and a POST of a leaky JSON body on stream 3 (HPACK literals). */
    private static final byte[] H2_CONVERSATION = h2Conversation();

    private static byte[] h2Conversation() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        frame(b, 4, 0, 0, new byte[0]);
        // :method GET (static 2), :scheme http (6), :path (4) literal, :authority (1) literal
        frame(b, 1, 0x5, 1, concat(new byte[] {(byte) 0x82, (byte) 0x86}, literal(4, "/api/users"), literal(1, "x")));
        byte[] json = "{\"username\":\"alice.nguyen@fastmail.com\",\"card\":\"4111 1111 1111 1111\"}"
                .getBytes(StandardCharsets.US_ASCII);
        // :method POST (static 3), content-type (static 31: 4-bit prefix 15 + 16)
        frame(b, 1, 0x4, 3, concat(new byte[] {(byte) 0x83, (byte) 0x86}, literal(4, "/api/login"), literal(1, "x"),
                new byte[] {0x0f, 0x10, 16}, "application/json".getBytes(StandardCharsets.US_ASCII)));
        frame(b, 0, 0x1, 3, json);
        return b.toByteArray();
    }

    /** An HPACK literal without indexing whose name is static-table entry {@code index} (below 15). */
    private static byte[] literal(int index, String value) {
        return concat(new byte[] {(byte) index, (byte) value.length()}, value.getBytes(StandardCharsets.US_ASCII));
    }

    private static void frame(ByteArrayOutputStream b, int type, int flags, int stream, byte[] payload) {
        b.write(payload.length >>> 16);
        b.write(payload.length >>> 8);
        b.write(payload.length);
        b.write(type);
        b.write(flags);
        b.writeBytes(new byte[] {0, 0, 0, (byte) stream});
        b.writeBytes(payload);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    /** Sends {@code request}, shuts the sending side and reads until the proxy closes. */
    private static String sendHalfClosed(byte[] request, String what) throws IOException {
        try (Socket s = new Socket("127.0.0.1", serve.proxyPort())) {
            s.setSoTimeout(WAIT_MS);
            s.getOutputStream().write(request);
            s.shutdownOutput();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            try {
                in.transferTo(all);
            } catch (SocketTimeoutException e) {
                fail(what + ": the connection was neither answered to the end nor closed within " + WAIT_MS + " ms");
            } catch (IOException e) {
                // reset by the proxy: an answer too
            }
            return all.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static byte[] mutate(Random random, byte[] b) {
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            int at = random.nextInt(b.length + 1);
            b = switch (random.nextInt(6)) {
                case 0 -> {
                    byte[] c = b.clone();
                    if (c.length > 0) {
                        c[Math.min(at, c.length - 1)] = (byte) random.nextInt(256);
                    }
                    yield c;
                }
                case 1, 2 -> splice(b, at, 0, FRAGMENTS.get(random.nextInt(FRAGMENTS.size())));
                case 3 -> splice(b, at, Math.min(b.length - at, 1 + random.nextInt(32)), new byte[0]);
                case 4 -> splice(b, at, 0, Arrays.copyOfRange(b, at, Math.min(b.length, at + 1 + random.nextInt(64))));
                default -> Arrays.copyOf(b, at);
            };
        }
        return b;
    }

    /** {@code b} with {@code drop} bytes at {@code at} replaced by {@code piece}. */
    private static byte[] splice(byte[] b, int at, int drop, byte[] piece) {
        byte[] c = new byte[b.length - drop + piece.length];
        System.arraycopy(b, 0, c, 0, at);
        System.arraycopy(piece, 0, c, at, piece.length);
        System.arraycopy(b, at + drop, c, at + piece.length, b.length - at - drop);
        return c;
    }

    private static List<byte[]> ascii(String... texts) {
        return Arrays.stream(texts).map(t -> t.getBytes(StandardCharsets.ISO_8859_1)).toList();
    }
}
