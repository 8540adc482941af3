package dev.sluice.matchers.attack;

import static com.gliwka.hyperscan.jni.hyperscan.HS_FLAG_CASELESS;
import static com.gliwka.hyperscan.jni.hyperscan.HS_FLAG_DOTALL;
import static com.gliwka.hyperscan.jni.hyperscan.HS_FLAG_SINGLEMATCH;
import static com.gliwka.hyperscan.jni.hyperscan.HS_MODE_BLOCK;
import static com.gliwka.hyperscan.jni.hyperscan.HS_SUCCESS;
import static com.gliwka.hyperscan.jni.hyperscan.hs_alloc_scratch;
import static com.gliwka.hyperscan.jni.hyperscan.hs_compile_multi;
import static com.gliwka.hyperscan.jni.hyperscan.hs_scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.gliwka.hyperscan.jni.hs_compile_error_t;
import com.gliwka.hyperscan.jni.hs_database_t;
import com.gliwka.hyperscan.jni.hs_scratch_t;
import com.gliwka.hyperscan.jni.hyperscan;
import com.gliwka.hyperscan.jni.match_event_handler;
import dev.sluice.matchers.validate.ArrayCandidate;
import dev.sluice.matchers.validate.ByteValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Test-only stand-in for the engine: loads {@code attacks.yaml}, compiles every trigger
 * pattern into one Hyperscan block-mode database ({@code HS_FLAG_DOTALL | HS_FLAG_SINGLEMATCH},
 * plus {@code HS_FLAG_CASELESS} where the YAML asks), scans a value, and for each detector
 * whose trigger matched runs its validators on the value, bounded to {@link #MAX_VALUE} bytes
 * around the first trigger match (the engine's 8 KiB bound). Single-threaded use only.
 */
final class AttackTriggers {
    static final int MAX_VALUE = 8 * 1024;

    /** One detector of the YAML. */
    record Detector(String id, int priority, List<String> regexes, List<Boolean> caseless, List<String> validators) {
    }

    private static AttackTriggers instance;

    private final List<Detector> detectors;
    private final int[] patternDetector;
    private final hs_database_t database;
    private final hs_scratch_t scratch;
    private final Collector collector;

    /** Records, per detector, the end offset of the first trigger match. */
    private static final class Collector extends match_event_handler {
        long[] firstEnd;
        int[] patternDetector;

        @Override
        public int call(int id, long from, long to, int flags, Pointer context) {
            int d = patternDetector[id];
            if (firstEnd[d] < 0) {
                firstEnd[d] = to;
            }
            return 0;
        }
    }

    private AttackTriggers() {
        Loader.load(hyperscan.class);
        detectors = load();
        List<String> regexes = new ArrayList<>();
        List<Integer> flags = new ArrayList<>();
        List<Integer> owner = new ArrayList<>();
        for (int d = 0; d < detectors.size(); d++) {
            Detector det = detectors.get(d);
            for (int p = 0; p < det.regexes().size(); p++) {
                regexes.add(det.regexes().get(p));
                flags.add(HS_FLAG_DOTALL | HS_FLAG_SINGLEMATCH | (det.caseless().get(p) ? HS_FLAG_CASELESS : 0));
                owner.add(d);
            }
        }
        patternDetector = owner.stream().mapToInt(Integer::intValue).toArray();
        database = compile(regexes, flags);
        PointerPointer<hs_scratch_t> sp = new PointerPointer<>(1);
        sp.put(0L, (Pointer) null);
        if (hs_alloc_scratch(database, sp) != HS_SUCCESS) {
            throw new IllegalStateException("hs_alloc_scratch failed");
        }
        scratch = new hs_scratch_t(sp.get(0));
        collector = new Collector();
        collector.patternDetector = patternDetector;
        collector.firstEnd = new long[detectors.size()];
    }

    static synchronized AttackTriggers get() {
        if (instance == null) {
            instance = new AttackTriggers();
        }
        return instance;
    }

    List<Detector> detectors() {
        return detectors;
    }

    static List<Detector> load() {
        try (InputStream in = AttackTriggers.class.getResourceAsStream("/dev/sluice/matchers/attacks.yaml")) {
            if (in == null) {
                throw new IllegalStateException("attacks.yaml not on the class path");
            }
            JsonNode root = new YAMLMapper().readTree(in);
            List<Detector> out = new ArrayList<>();
            for (JsonNode d : root.get("detectors")) {
                List<String> regexes = new ArrayList<>();
                List<Boolean> caseless = new ArrayList<>();
                for (JsonNode p : d.get("patterns")) {
                    regexes.add(p.get("regex").asText());
                    caseless.add(p.path("caseless").asBoolean(false));
                }
                List<String> validators = new ArrayList<>();
                d.get("validators").forEach(v -> validators.add(v.asText()));
                out.add(new Detector(d.get("id").asText(), d.get("priority").asInt(), regexes, caseless, validators));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Compiles patterns in block mode; returns the database or throws naming the pattern that
     * failed and Hyperscan's message.
     */
    static hs_database_t compile(List<String> regexes, List<Integer> flags) {
        Loader.load(hyperscan.class);
        int n = regexes.size();
        PointerPointer<BytePointer> exprs = new PointerPointer<>(n);
        for (int i = 0; i < n; i++) {
            exprs.put(i, new BytePointer(regexes.get(i), java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        IntPointer flagPointer = new IntPointer(n);
        IntPointer ids = new IntPointer(n);
        for (int i = 0; i < n; i++) {
            flagPointer.put(i, flags.get(i));
            ids.put(i, i);
        }
        PointerPointer<hs_database_t> db = new PointerPointer<>(1);
        PointerPointer<hs_compile_error_t> err = new PointerPointer<>(1);
        db.put(0L, (Pointer) null);
        err.put(0L, (Pointer) null);
        int rc = hs_compile_multi(exprs, flagPointer, ids, n, HS_MODE_BLOCK, null, db, err);
        if (rc != HS_SUCCESS) {
            hs_compile_error_t e = new hs_compile_error_t(err.get(0));
            int which = e.expression();
            throw new IllegalArgumentException("pattern " + which + " (" + (which >= 0 ? regexes.get(which) : "?")
                + ") does not compile: " + e.message().getString());
        }
        return new hs_database_t(db.get(0));
    }

    /** Per detector (index into {@link #detectors()}): end of its first trigger match, or -1. */
    long[] triggers(byte[] value) {
        java.util.Arrays.fill(collector.firstEnd, -1);
        if (value.length == 0) {
            return collector.firstEnd.clone();
        }
        try (BytePointer data = new BytePointer(value.length)) {
            data.put(value);
            hs_scan(database, data, value.length, 0, scratch, collector, null);
        }
        return collector.firstEnd.clone();
    }

    /** Ids of the detectors whose trigger fires and whose validators all confirm. */
    List<String> detect(byte[] value) {
        long[] ends = triggers(value);
        List<String> found = new ArrayList<>();
        for (int d = 0; d < detectors.size(); d++) {
            if (ends[d] >= 0 && validate(detectors.get(d), value, (int) ends[d])) {
                found.add(detectors.get(d).id());
            }
        }
        return found;
    }

    /** Runs a detector's validators on the value, windowed like the engine around {@code matchEnd}. */
    static boolean validate(Detector det, byte[] value, int matchEnd) {
        int start = 0;
        int end = value.length;
        if (value.length > MAX_VALUE) {
            start = Math.max(0, Math.min(matchEnd - MAX_VALUE / 2, value.length - MAX_VALUE));
            end = start + MAX_VALUE;
        }
        ArrayCandidate c = new ArrayCandidate().reset(value, start, end, start, end - start);
        for (String name : det.validators()) {
            ByteValidator v = AttackValidators.all().get(name);
            if (v == null) {
                throw new IllegalStateException(det.id() + " names unknown validator " + name);
            }
            if (!v.test(c)) {
                return false;
            }
        }
        return true;
    }

    int indexOf(String detectorId) {
        for (int d = 0; d < detectors.size(); d++) {
            if (detectors.get(d).id().equals(detectorId)) {
                return d;
            }
        }
        throw new IllegalArgumentException(detectorId);
    }
}
