package dev.sluice.bench;

import dev.sluice.inspector.BodySpec;
import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.InspectionSession;
import dev.sluice.inspector.Inspector;
import dev.sluice.inspector.redact.RedactionPlan;
import dev.sluice.matchers.Direction;
import dev.sluice.matchers.MatchEngine;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * How far a redacting route's text lags behind what it was given: a followed log (2,000 lines of
 * about 60 bytes, an address on every tenth) fed to a rewriting session one line at a time, and
 * after each line the bytes given but not yet released. Masks keep each value's length, so
 * released input bytes are output bytes. Three shapes: the log with its addresses, the log
 * without them, and the log with addresses joined into one line (no line break).
 *
 * <p>Uses public API only, so it also runs as a source file against an older build's jar:
 * {@code java --enable-native-access=ALL-UNNAMED -cp OLD.jar bench/src/main/java/dev/sluice/bench/HeldTextProbe.java}.
 */
public final class HeldTextProbe {
    private static final int LINES = 2_000;
    private static final RedactionPlan SAME_LENGTH = f -> (value, off, len) -> {
        byte[] stars = new byte[len];
        Arrays.fill(stars, (byte) '*');
        return stars;
    };

    private HeldTextProbe() {
    }

    public static void main(String[] args) {
        try (MatchEngine engine = MatchEngine.builtin()) {
            Inspector inspector = new Inspector(engine, InspectionLimits.defaults());
            report(inspector, "log lines, an address every 10th", true, "\n");
            report(inspector, "log lines, no findings", false, "\n");
            report(inspector, "one line, an address every 10th piece", true, " | ");
        }
    }

    private static void report(Inspector inspector, String shape, boolean addresses, String end) {
        Random random = new Random(7);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BodySpec spec = BodySpec.builder(Direction.RESPONSE).contentType("text/plain").build();
        long given = 0;
        long most = 0;
        long sum = 0;
        try (InspectionSession s = inspector.openRewriting(spec, SAME_LENGTH, out::write)) {
            for (int i = 0; i < LINES; i++) {
                String line = "2026-11-23T10:00:" + (10 + i % 50) + "Z GET /orders/" + random.nextInt(100_000) + " 200 "
                        + random.nextInt(90) + "ms user=" + random.nextInt(1000)
                        + (addresses && i % 10 == 0 ? " contact jane.doe@fastmail.com" : "") + end;
                byte[] b = line.getBytes(StandardCharsets.UTF_8);
                s.feed(b, 0, b.length);
                given += b.length;
                long held = given - out.size();
                most = Math.max(most, held);
                sum += held;
            }
            s.finish();
        }
        System.out.printf("%-40s %,9d bytes: held after a piece, max %,7d B, mean %,9.1f B%n", shape, given, most,
                (double) sum / LINES);
    }
}
