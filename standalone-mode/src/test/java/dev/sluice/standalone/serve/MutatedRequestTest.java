package dev.sluice.standalone.serve;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import dev.sluice.standalone.proxy.NoLeaks;
import dev.sluice.testing.ByteMutations;
import dev.sluice.testing.Mutants;
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
            ServeTests.respondJson(ex, "{\"name\":\"Alice\",\"card\":\"4111 1111 1111 1111\"}");
        });
        upstream.start();
        serve = ServeTests.serveDefault(upstream, dir.resolve("events.jsonl"));
    }

    @AfterAll
    static void stop() {
        ServeTests.stop(serve, upstream);
    }

    @RepeatedTest(value = 200, name = "mutant {currentRepetition}")
    void aBrokenRequestIsAnsweredOrClosedAndTheProxyServesOn(RepetitionInfo info) throws IOException {
        for (long seed : Mutants.seeds(0xb10c_0000L, info.getCurrentRepetition(), info.getTotalRepetitions(), 1)) {
            Random random = new Random(seed);
            byte[] request = ByteMutations.mutate(random, TEMPLATES.get(random.nextInt(TEMPLATES.size())), FRAGMENTS);
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
        for (long seed : Mutants.seeds(0xb20c_0000L, info.getCurrentRepetition(), info.getTotalRepetitions(), 5)) {
            Random random = new Random(seed);
            RawHttp2.sendAndDrop(serve.proxyPort(), ByteMutations.mutate(random, H2_CONVERSATION, FRAGMENTS), H2_READ_MS);
        }
        if (info.getCurrentRepetition() % 10 == 0) {
            assertTrue(sendHalfClosed(TEMPLATES.getFirst(), "a well-formed request").startsWith("HTTP/1.1 200"));
        }
    }

    private static final int H2_READ_MS = 150;

    /** Preface, SETTINGS, a GET on stream 1 and a POST of a leaky JSON body on stream 3. */
    private static final byte[] H2_CONVERSATION = RawHttp2.conversation()
            .frame(RawHttp2.HEADERS, RawHttp2.END_HEADERS | RawHttp2.END_STREAM, 1,
                    RawHttp2.headerBlock(false, "/api/users"))
            .frame(RawHttp2.HEADERS, RawHttp2.END_HEADERS, 3,
                    RawHttp2.headerBlock(true, "/api/login", RawHttp2.contentType("application/json")))
            .frame(RawHttp2.DATA, RawHttp2.END_STREAM, 3,
                    "{\"username\":\"alice.nguyen@fastmail.com\",\"card\":\"4111 1111 1111 1111\"}"
                            .getBytes(StandardCharsets.US_ASCII))
            .bytes();

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

    private static List<byte[]> ascii(String... texts) {
        return Arrays.stream(texts).map(t -> t.getBytes(StandardCharsets.ISO_8859_1)).toList();
    }
}
