package dev.sluice.bench;

import dev.sluice.inspector.HeldMemory;
import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.InspectionSession;
import dev.sluice.inspector.Inspector;
import dev.sluice.matchers.Direction;
import dev.sluice.matchers.MatchEngine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Not a timing: what a JSON string in progress costs the heap, against what the session charges
 * to its {@link HeldMemory} (bench/RESULTS.md, "Held memory"). For each size given, 20 sessions
 * are each fed a JSON body that opens one string of that many bytes and stops there (16 KiB
 * feeds), and are kept open; the heap after {@code System.gc()} is compared with before.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -Xmx2g -cp bench/target/benchmarks.jar \
 *   dev.sluice.bench.TokenMemoryProbe 100000 200000 600000 1048576</pre>
 */
public final class TokenMemoryProbe {
    private static final int SESSIONS = 20;
    private static final int CHUNK = 16 * 1024;

    private TokenMemoryProbe() {
    }

    public static void main(String[] args) {
        Inspector inspector = new Inspector(MatchEngine.builtin(), InspectionLimits.defaults(), HeldMemory.of(1L << 40));
        for (String arg : args) {
            int size = Integer.parseInt(arg);
            byte[] body = new byte[size];
            Arrays.fill(body, (byte) 'n');
            byte[] start = "{\"note\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            System.arraycopy(start, 0, body, 0, start.length);
            open(inspector, body).close(); // warm-up
            long charged = inspector.heldMemory().charged();
            long before = heapUsed();
            List<InspectionSession> kept = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                kept.add(open(inspector, body));
            }
            long heap = (heapUsed() - before) / SESSIONS;
            long charge = (inspector.heldMemory().charged() - charged) / SESSIONS;
            System.out.printf("string of %,d bytes in progress: heap %,d bytes per session, charged %,d%n",
                    size, heap, charge);
            kept.forEach(InspectionSession::close);
        }
    }

    private static InspectionSession open(Inspector inspector, byte[] body) {
        InspectionSession s = inspector.open(Direction.REQUEST, "application/json", null);
        for (int at = 0; at < body.length; at += CHUNK) {
            s.feed(body, at, Math.min(CHUNK, body.length - at));
        }
        return s;
    }

    private static long heapUsed() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
