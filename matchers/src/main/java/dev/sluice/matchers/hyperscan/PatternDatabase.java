package dev.sluice.matchers.hyperscan;

import static com.gliwka.hyperscan.jni.hyperscan.HS_FLAG_CASELESS;
import static com.gliwka.hyperscan.jni.hyperscan.HS_FLAG_DOTALL;
import static com.gliwka.hyperscan.jni.hyperscan.HS_FLAG_SOM_LEFTMOST;
import static com.gliwka.hyperscan.jni.hyperscan.HS_MODE_SOM_HORIZON_LARGE;
import static com.gliwka.hyperscan.jni.hyperscan.HS_MODE_STREAM;
import static com.gliwka.hyperscan.jni.hyperscan.HS_SUCCESS;

import com.gliwka.hyperscan.jni.hs_compile_error_t;
import com.gliwka.hyperscan.jni.hs_database_t;
import com.gliwka.hyperscan.jni.hs_expr_info_t;
import com.gliwka.hyperscan.jni.hyperscan;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * A compiled Hyperscan database in STREAMING mode with start-of-match reporting: many
 * expressions, one pass over the data, matches reported with their leftmost start even when
 * they span chunks. Compiled once at load time and shared by every thread; per-thread scratch
 * lives in {@link StreamScanner}.
 */
public final class PatternDatabase implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final hs_database_t db;
    private final int size;
    private final Cleaner.Cleanable cleanable;

    private PatternDatabase(hs_database_t db, int size) {
        this.db = db;
        this.size = size;
        this.cleanable = CLEANER.register(this, new Free(db));
    }

    /** One expression to compile. */
    public record Expression(String regex, boolean caseless, boolean startOfMatch) {
    }

    /**
     * Compiles {@code expressions}; expression {@code i} reports id {@code i}. Throws with the
     * offending expression's index and Hyperscan's message when one does not compile.
     */
    public static PatternDatabase compile(List<Expression> expressions) {
        int[] ids = new int[expressions.size()];
        java.util.Arrays.setAll(ids, i -> i);
        return compile(expressions, ids);
    }

    /**
     * Compiles {@code expressions}; expression {@code i} reports id {@code ids[i]}. Throws
     * with the offending expression's id and Hyperscan's message when one does not compile.
     */
    public static PatternDatabase compile(List<Expression> expressions, int[] ids) {
        Hyperscan.ensureLoaded();
        int n = expressions.size();
        if (ids.length != n) {
            throw new IllegalArgumentException("one id per expression");
        }
        if (n == 0) {
            throw new IllegalArgumentException("no expressions to compile");
        }
        List<BytePointer> keep = new ArrayList<>(n);
        try (PointerPointer<BytePointer> exprs = new PointerPointer<>(n);
             IntPointer flags = new IntPointer(n);
             IntPointer idsOut = new IntPointer(n);
             PointerPointer<?> dbOut = new PointerPointer<>(1);
             PointerPointer<?> errOut = new PointerPointer<>(1)) {
            for (int i = 0; i < n; i++) {
                Expression e = expressions.get(i);
                BytePointer p = new BytePointer(e.regex(), java.nio.charset.StandardCharsets.UTF_8);
                keep.add(p);
                exprs.put(i, p);
                int f = HS_FLAG_DOTALL;
                if (e.caseless()) {
                    f |= HS_FLAG_CASELESS;
                }
                if (e.startOfMatch()) {
                    f |= HS_FLAG_SOM_LEFTMOST;
                }
                flags.put(i, f);
                idsOut.put(i, ids[i]);
            }
            dbOut.put(0L, (Pointer) null);
            errOut.put(0L, (Pointer) null);
            int rc = hyperscan.hs_compile_multi(exprs, flags, idsOut, n, HS_MODE_STREAM | HS_MODE_SOM_HORIZON_LARGE,
                    null, dbOut, errOut);
            if (rc != HS_SUCCESS) {
                hs_compile_error_t err = new hs_compile_error_t(errOut.get(0));
                String msg = err.isNull() ? Hyperscan.describe(rc) : err.message().getString();
                int which = err.isNull() ? -1 : err.expression();
                if (!err.isNull()) {
                    hyperscan.hs_free_compile_error(err);
                }
                String regex = which >= 0 && which < n ? expressions.get(which).regex() : "?";
                int id = which >= 0 && which < n ? ids[which] : -1;
                throw new IllegalArgumentException("pattern " + id + " does not compile (" + msg + "): " + regex);
            }
            return new PatternDatabase(new hs_database_t(dbOut.get(0)), n);
        } finally {
            keep.forEach(BytePointer::close);
        }
    }

    /**
     * The number of bytes every match of {@code regex} spans when that number is fixed (then a
     * match's start is its end minus this, and start-of-match tracking is not needed); -1 when
     * matches vary in length or the expression does not compile.
     */
    public static int fixedWidth(String regex) {
        int[] w = widths(regex);
        return w != null && w[0] == w[1] && w[1] >= 0 ? w[1] : -1;
    }

    /**
     * The most bytes a match of {@code regex} can span; -1 when matches have no bound
     * ({@code [0-9]+}) or the expression does not compile.
     */
    public static int maxWidth(String regex) {
        int[] w = widths(regex);
        return w != null && w[1] >= 0 ? w[1] : -1;
    }

    /** Hyperscan's least and most match widths of {@code regex} (the most -1 when unbounded), or null when it does not compile. */
    private static int[] widths(String regex) {
        Hyperscan.ensureLoaded();
        try (BytePointer expr = new BytePointer(regex, java.nio.charset.StandardCharsets.UTF_8);
             PointerPointer<?> infoOut = new PointerPointer<>(1);
             PointerPointer<?> errOut = new PointerPointer<>(1)) {
            infoOut.put(0L, (Pointer) null);
            errOut.put(0L, (Pointer) null);
            int rc = hyperscan.hs_expression_info(expr, HS_FLAG_DOTALL, infoOut, errOut);
            if (rc != HS_SUCCESS) {
                hs_compile_error_t err = new hs_compile_error_t(errOut.get(0));
                if (!err.isNull()) {
                    hyperscan.hs_free_compile_error(err);
                }
                return null;
            }
            hs_expr_info_t info = new hs_expr_info_t(infoOut.get(0));
            try {
                // max_width is unsigned: "unbounded" (UINT_MAX) reads as -1 here.
                return new int[] {info.min_width(), info.max_width()};
            } finally {
                // hs_expression_info allocates with the misc allocator: the C library's malloc.
                Pointer.free(info);
            }
        }
    }

    /** The native database, for the FFM calls of {@link StreamScanner}. */
    java.lang.foreign.MemorySegment address() {
        return java.lang.foreign.MemorySegment.ofAddress(db.address());
    }

    /** Number of expressions. */
    public int size() {
        return size;
    }

    /** Frees the database; only when no stream or scan uses it any more. */
    @Override
    public void close() {
        cleanable.clean();
    }

    private record Free(hs_database_t db) implements Runnable {
        @Override
        public void run() {
            hyperscan.hs_free_database(db);
        }
    }
}
