package dev.sluice.bench;

import dev.sluice.inspector.BodySpec;
import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.InspectionSession;
import dev.sluice.inspector.Inspector;
import dev.sluice.inspector.delta.MessageSequence;
import dev.sluice.matchers.Direction;
import dev.sluice.matchers.MatchEngine;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * What joining a streamed text across events costs: one operation inspects a language model's
 * answer streamed as OpenAI-style chat completion chunks, a few bytes per
 * {@code text/event-stream} event ({@code $.choices[0].delta.content}, joined), against the same
 * bytes with the member names changed at equal length so that no path is a delta path
 * ({@code $.choices[0].dolta.summary}, not joined: the baseline). Timed in interleaved rounds
 * ({@link InterleavedRounds}), response direction, the stream fed in 1 KiB chunks. With the
 * argument {@code long-secrets} the answer also holds a JWT of about 900 bytes and an RSA
 * private key of 4,096 bits, which the joining replays whole while they grow. With the argument
 * {@code websocket} each event's JSON is a WebSocket message of its own, inspected in a session
 * of its own as {@code sluice serve} does: joined through one {@link MessageSequence}, against
 * the same messages each read alone (the baseline; what the proxy did before it joined them).
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -Xms2g -Xmx2g -XX:+UseParallelGC \
 *     -cp bench/target/benchmarks.jar dev.sluice.bench.StreamedTextInterleaved [long-secrets | websocket]
 * </pre>
 */
public final class StreamedTextInterleaved {
    private static final String[] NAMES = {"notJoined", "joined"};
    private static final String[] WORDS = {"the", "order", "was", "shipped", "to", "your", "address", "and", "we",
            "will", "send", "a", "confirmation", "email", "shortly", ".", ",", "\\n"};
    private static final String[] VALUES = {"4111 1111 1111 1111", "jane.roe@mailbox.org", "078-05-1120",
            "+44 20 7946 0958"};
    private static final int CHUNK = 1024;

    private StreamedTextInterleaved() {
    }

    public static void main(String[] args) {
        Inspector inspector = new Inspector(MatchEngine.builtin(), InspectionLimits.defaults());
        BodySpec spec = BodySpec.builder(Direction.RESPONSE).contentType("text/event-stream").build();
        boolean longSecrets = args.length > 0 && args[0].equals("long-secrets");
        byte[] joined = stream(new Random(7), longSecrets);
        byte[] plain = new String(joined, StandardCharsets.UTF_8).replace("\"delta\":{\"content\"",
                "\"dolta\":{\"summary\"").getBytes(StandardCharsets.UTF_8);
        System.out.printf("%n# %,d bytes, %,d events%n", joined.length,
                new String(joined, StandardCharsets.UTF_8).split("\n\n").length);
        if (args.length > 0 && args[0].equals("websocket")) {
            byte[][] messages = messages(joined);
            new InterleavedRounds(new String[] {"eachAlone", "joined"}, 60, 15, 20)
                    .run(k -> inspectMessages(inspector, messages, k == 0 ? null : new MessageSequence()));
            return;
        }
        new InterleavedRounds(NAMES, 60, 15, 20).run(k -> inspect(inspector, spec, k == 0 ? plain : joined));
    }

    /** Each event's JSON, as the text of a WebSocket message. */
    private static byte[][] messages(byte[] stream) {
        String[] events = new String(stream, StandardCharsets.UTF_8).split("\n\n");
        byte[][] messages = new byte[events.length][];
        for (int i = 0; i < events.length; i++) {
            messages[i] = events[i].substring("data: ".length()).getBytes(StandardCharsets.UTF_8);
        }
        return messages;
    }

    /** Each message in a session of its own, joined through {@code sequence} (null: each alone). */
    private static long inspectMessages(Inspector inspector, byte[][] messages, MessageSequence sequence) {
        long found = 1;
        for (byte[] m : messages) {
            BodySpec spec = BodySpec.builder(Direction.RESPONSE).contentType("application/json").sequence(sequence)
                    .build();
            try (InspectionSession s = inspector.open(spec)) {
                s.feed(m, 0, m.length);
                found += s.finish().findings().size();
            }
        }
        return found;
    }

    /** About 2,000 tokens of one to seven bytes, a value of a detector now and then; the long secrets in the middle. */
    private static byte[] stream(Random random, boolean longSecrets) {
        StringBuilder answer = new StringBuilder();
        boolean pending = longSecrets;
        while (answer.length() < 8_000) {
            answer.append(' ').append(random.nextInt(40) == 0 ? VALUES[random.nextInt(VALUES.length)]
                    : WORDS[random.nextInt(WORDS.length)]);
            if (pending && answer.length() >= 4_000) {
                pending = false;
                answer.append(" token: ").append(longJwt(random)).append(" key:\\n").append(privateKey(random));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int at = 0; at < answer.length(); ) {
            int n = Math.min(answer.length() - at, 1 + random.nextInt(7));
            if (answer.charAt(at + n - 1) == '\\') {
                n++; // keep an escape in one piece
            }
            n = Math.min(n, answer.length() - at);
            String event = "data: {\"id\":\"chatcmpl-8f2\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                    + "\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + answer.substring(at, at + n)
                    + "\"},\"finish_reason\":null}]}\n\n";
            out.writeBytes(event.getBytes(StandardCharsets.UTF_8));
            at += n;
        }
        return out.toByteArray();
    }

    private static String longJwt(Random random) {
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        byte[] claims = new byte[400];
        byte[] signature = new byte[256];
        random.nextBytes(claims);
        random.nextBytes(signature);
        return b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims) + "." + b64.encodeToString(signature);
    }

    /** A PEM block of an RSA key's size at 4,096 bits, its newlines JSON escapes. */
    private static String privateKey(Random random) {
        byte[] der = new byte[2_350];
        random.nextBytes(der);
        // Lines of 64 characters, each line break written as a JSON escape (backslash, n).
        String body = java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der).replace("\n", "\\n");
        return "-----BEGIN RSA PRIVATE KEY-----\\n" + body + "\\n-----END RSA PRIVATE KEY-----";
    }

    private static long inspect(Inspector inspector, BodySpec spec, byte[] body) {
        try (InspectionSession s = inspector.open(spec)) {
            for (int at = 0; at < body.length; at += CHUNK) {
                s.feed(body, at, Math.min(CHUNK, body.length - at));
            }
            return s.finish().findings().size() + 1;
        }
    }
}
