package dev.sluice.matchers.hyperscan;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The streaming half of libhs, bound with the Java FFM API: the same library the JavaCPP
 * bindings loaded (databases are compiled there), reached by its path, so both sides share
 * one copy of the code and its allocator. A JavaCPP callback cost about 110 ns per match and
 * the catalog reports tens of thousands of matches per MiB; an FFM upcall is several times
 * cheaper. Every call returns Hyperscan's status code.
 */
final class StreamCalls {
    /**
     * {@code int match_event_handler(unsigned id, unsigned long long from, unsigned long long to, unsigned flags, void *ctx)}.
     * The unused context pointer is taken as a 64-bit integer (the same register on the 64-bit
     * platforms libhs ships for): as an address it would cost a MemorySegment per match.
     */
    static final FunctionDescriptor HANDLER = FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT,
            JAVA_LONG);

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBHS = libhs();
    private static final MethodHandle OPEN = bind("hs_open_stream", JAVA_INT, ADDRESS, JAVA_INT, ADDRESS);
    private static final MethodHandle SCAN = bind("hs_scan_stream", JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT,
            ADDRESS, ADDRESS, ADDRESS);
    private static final MethodHandle CLOSE = bind("hs_close_stream", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
    private static final MethodHandle RESET = bind("hs_reset_stream", JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS,
            ADDRESS);
    private static final MethodHandle ALLOC_SCRATCH = bind("hs_alloc_scratch", JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle FREE_SCRATCH = bind("hs_free_scratch", JAVA_INT, ADDRESS);

    private StreamCalls() {
    }

    private static SymbolLookup libhs() {
        // JavaCPP unpacks libhs next to its JNI library and loads it from there; opening the
        // same path again gives the same loaded library.
        Path jni = Path.of(Hyperscan.ensureLoaded());
        Path lib = jni.resolveSibling("libhs.so");
        if (!Files.isRegularFile(lib)) {
            throw new IllegalStateException("libhs not found next to the Hyperscan JNI library");
        }
        return SymbolLookup.libraryLookup(lib, Arena.global());
    }

    private static MethodHandle bind(String name, java.lang.foreign.MemoryLayout result,
                                     java.lang.foreign.MemoryLayout... args) {
        MemorySegment fn = LIBHS.find(name).orElseThrow(() -> new IllegalStateException("libhs lacks " + name));
        return LINKER.downcallHandle(fn, FunctionDescriptor.of(result, args));
    }

    /** An upcall stub calling {@code target} (of {@link #HANDLER}'s type), alive as long as {@code arena}. */
    static MemorySegment handlerStub(MethodHandle target, Arena arena) {
        return LINKER.upcallStub(target, HANDLER, arena);
    }

    static int openStream(MemorySegment db, MemorySegment streamOut) {
        try {
            return (int) OPEN.invokeExact(db, 0, streamOut);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int scanStream(MemorySegment stream, MemorySegment data, int len, MemorySegment scratch,
                          MemorySegment handler) {
        try {
            return (int) SCAN.invokeExact(stream, data, len, 0, scratch, handler, MemorySegment.NULL);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int closeStream(MemorySegment stream, MemorySegment scratch, MemorySegment handler) {
        try {
            return (int) CLOSE.invokeExact(stream, scratch, handler, MemorySegment.NULL);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Reports end-of-data matches (when {@code scratch} and {@code handler} are not NULL) and rewinds the stream. */
    static int resetStream(MemorySegment stream, MemorySegment scratch, MemorySegment handler) {
        try {
            return (int) RESET.invokeExact(stream, 0, scratch, handler, MemorySegment.NULL);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int allocScratch(MemorySegment db, MemorySegment scratchInOut) {
        try {
            return (int) ALLOC_SCRATCH.invokeExact(db, scratchInOut);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int freeScratch(MemorySegment scratch) {
        try {
            return (int) FREE_SCRATCH.invokeExact(scratch);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
