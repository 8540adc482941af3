package dev.sluice.matchers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sessions reuse their thread's buffers (SessionBuffers): a body's findings must not depend on
 * what the thread scanned before, nor on other bodies open on the same thread at the same time.
 */
class SessionReuseTest {
    private static final String[] FINDS = {"+1-555-0173", "bob.ulrich@example.com", "4111 1111 1111 1111",
        "AKIAIOSFODNN7EXAMPLE", "078-05-1120"};
    private static final String[] KEYS = {"phone", "email", "card", "note", "ssn", "id", "aws_key", null};
    /** One engine for the class; JUnit closes it (and its native databases) after the last test. */
    @AutoClose
    private static final MatchEngine engine = MatchEngine.builtin();

    /** One body: its values with their keys. */
    private record Body(List<String> keys, List<byte[]> values) {
        static Body random(Random r) {
            List<String> keys = new ArrayList<>();
            List<byte[]> values = new ArrayList<>();
            // Up to a few thousand values, so some bodies outgrow what a thread keeps.
            int n = r.nextInt(8) == 0 ? 1500 + r.nextInt(1500) : 1 + r.nextInt(60);
            for (int i = 0; i < n; i++) {
                keys.add(KEYS[r.nextInt(KEYS.length)]);
                String v = r.nextInt(3) == 0 ? FINDS[r.nextInt(FINDS.length)]
                        : "word " + r.nextInt(100000) + (r.nextBoolean() ? " " + FINDS[r.nextInt(FINDS.length)] : "");
                values.add(v.getBytes(StandardCharsets.UTF_8));
            }
            return new Body(keys, values);
        }
    }

    /** A body being scanned: its session, what it found, and how many values it has had. */
    private static final class Run {
        final Body body;
        final List<String> found = new ArrayList<>();
        final ScanSession session;
        int next;
        long wire;

        Run(Body body) {
            this.body = body;
            this.session = engine.newSession(Direction.RESPONSE, m -> found.add(m.detector().id() + "@" + m.start()
                    + "-" + m.end() + " " + m.path() + " " + m.valueHash()));
        }

        boolean done() {
            return next == body.values.size();
        }

        void feedOne() {
            byte[] v = body.values.get(next);
            session.beginValue(new FieldContext().key(body.keys.get(next)));
            session.verbatim(v, 0, v.length, wire);
            session.endValue();
            wire += v.length + 3;
            next++;
            if (next % 50 == 0) {
                session.flush();
            }
        }
    }

    private static List<String> alone(Body body) {
        Run run = new Run(body);
        while (!run.done()) {
            run.feedOne();
        }
        run.session.close();
        return run.found;
    }

    /** Findings of each body scanned alone on a thread of its own, so on buffers never used before. */
    private static List<List<String>> onFreshThreads(List<Body> bodies) throws InterruptedException {
        List<List<String>> out = new ArrayList<>();
        for (Body b : bodies) {
            AtomicReference<List<String>> found = new AtomicReference<>();
            Thread t = new Thread(() -> found.set(alone(b)));
            t.start();
            t.join();
            out.add(found.get());
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void findingsDoNotDependOnWhatTheThreadScannedBefore(long seed) throws InterruptedException {
        Random r = new Random(seed);
        List<Body> bodies = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            bodies.add(Body.random(r));
        }
        List<List<String>> expected = onFreshThreads(bodies);

        // One thread, up to three bodies open at once, fed and closed in a random order.
        List<List<String>> actual = new ArrayList<>();
        List<Run> runs = new ArrayList<>();
        for (Body b : bodies) {
            actual.add(null);
            runs.add(null);
        }
        List<Integer> open = new ArrayList<>();
        int started = 0;
        while (started < bodies.size() || !open.isEmpty()) {
            if (started < bodies.size() && (open.isEmpty() || open.size() < 3 && r.nextInt(4) == 0)) {
                runs.set(started, new Run(bodies.get(started)));
                open.add(started++);
                continue;
            }
            int k = open.get(r.nextInt(open.size()));
            Run run = runs.get(k);
            for (int i = r.nextInt(40); i >= 0 && !run.done(); i--) {
                run.feedOne();
            }
            if (run.done()) {
                run.session.close();
                actual.set(k, run.found);
                open.remove((Integer) k);
            }
        }
        assertEquals(expected, actual);
        assertFalse(expected.stream().allMatch(List::isEmpty), "the bodies should have findings");
    }
}
