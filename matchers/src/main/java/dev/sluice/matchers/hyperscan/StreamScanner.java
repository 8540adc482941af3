package dev.sluice.matchers.hyperscan;

import static java.lang.foreign.ValueLayout.ADDRESS;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.ref.Cleaner;
import java.util.ArrayDeque;

/**
 * Opens Hyperscan streams on one {@link PatternDatabase} and scans heap bytes through them.
 *
 * <p>Hyperscan wants native memory and a scratch space that only one thread uses at a time.
 * Each thread gets its own scratch (allocated for this database), a 64 KiB native staging
 * buffer and its own match upcall, created on first use; heap bytes are copied into the
 * staging buffer and scanned in pieces. A stream belongs to one inspection session and may
 * move between threads between calls, never during one. The calls go through the FFM API
 * ({@link StreamCalls}); the database was compiled through JavaCPP in the same library.
 *
 * <p>Native streams are reused: closing a {@link Stream} reports its end-of-data matches with
 * {@code hs_reset_stream} and puts the native stream back in the closing thread's pool (up to
 * {@value #POOL} each), where the next {@link #open} takes it. A body's fixed cost was an
 * {@code hs_open_stream} allocation and a {@link Cleaner} registration per stream; the cleaner
 * is now registered once per native stream, and still frees one whose {@code Stream} was dropped
 * unclosed, or that sat in the pool of a thread that ended.
 */
public final class StreamScanner {
    /** Bytes copied to native memory per native scan call. */
    static final int STAGING_BYTES = 64 * 1024;
    /** Native streams kept per thread for reuse; more are freed. A proxy thread rarely holds more bodies open at once. */
    static final int POOL = 16;
    private static final Cleaner CLEANER = Cleaner.create();
    private static final MethodHandle ON_MATCH;

    static {
        try {
            ON_MATCH = MethodHandles.lookup().findVirtual(ThreadState.class, "onMatch",
                    StreamCalls.HANDLER.toMethodType());
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final PatternDatabase db;
    private final ThreadLocal<ThreadState> threads;

    public StreamScanner(PatternDatabase db) {
        this.db = db;
        this.threads = ThreadLocal.withInitial(() -> new ThreadState(db));
    }

    /** Opens a stream (a pooled one when the thread has one); the caller must {@link Stream#close} it. */
    public Stream open() {
        ThreadState t = threads.get();
        NativeStream n = t.idle.pollLast();
        if (n == null) {
            t.pointer.set(ADDRESS, 0, MemorySegment.NULL);
            Hyperscan.check(StreamCalls.openStream(db.address(), t.pointer), "hs_open_stream");
            n = new NativeStream(t.pointer.get(ADDRESS, 0));
        }
        return new Stream(n);
    }

    /**
     * Per-thread native state: scratch for this database, the staging buffer, and the upcall
     * Hyperscan calls for each match, which hands it to the handler of the running scan.
     */
    private static final class ThreadState {
        final MemorySegment scratch;
        final MemorySegment staging;
        final MemorySegment pointer;
        final MemorySegment upcall;
        /** Rewound native streams ready for reuse; touched only by this state's thread. */
        final ArrayDeque<NativeStream> idle = new ArrayDeque<>(POOL);
        private MatchHandler handler;
        private Throwable failure;

        ThreadState(PatternDatabase db) {
            // An automatic arena: the staging buffer and the upcall live as long as this state.
            Arena arena = Arena.ofAuto();
            pointer = arena.allocate(ADDRESS);
            pointer.set(ADDRESS, 0, MemorySegment.NULL);
            Hyperscan.check(StreamCalls.allocScratch(db.address(), pointer), "hs_alloc_scratch");
            scratch = pointer.get(ADDRESS, 0);
            staging = arena.allocate(STAGING_BYTES);
            upcall = StreamCalls.handlerStub(ON_MATCH.bindTo(this), arena);
            MemorySegment s = scratch;
            CLEANER.register(this, () -> StreamCalls.freeScratch(s));
        }

        /** The upcall: must not throw into native code, so a failure is kept and stops the scan. */
        @SuppressWarnings("unused")
        private int onMatch(int id, long from, long to, int flags, long context) {
            try {
                handler.onMatch(id, from, to);
                return 0;
            } catch (Throwable e) {
                if (failure == null) {
                    failure = e;
                }
                return 1;
            }
        }

        void begin(MatchHandler h) {
            handler = h;
            failure = null;
        }

        /** Clears the handler; rethrows what the handler threw during the call, if anything. */
        void end() {
            handler = null;
            Throwable f = failure;
            failure = null;
            if (f instanceof RuntimeException r) {
                throw r;
            }
            if (f instanceof Error e) {
                throw e;
            }
            if (f != null) {
                throw new IllegalStateException(f);
            }
        }
    }

    /**
     * A native stream with its safety net: the cleaner registered once frees the native stream
     * when this object becomes unreachable without {@link #free}.
     */
    private static final class NativeStream {
        final MemorySegment handle;
        private final Abandon abandon;
        private final Cleaner.Cleanable cleanable;

        NativeStream(MemorySegment handle) {
            this.handle = handle;
            this.abandon = new Abandon(handle);
            this.cleanable = CLEANER.register(this, abandon);
        }

        /** Frees the native stream without reporting matches (the cleaner's action, run now, once). */
        void free() {
            cleanable.clean();
        }
    }

    /** One open Hyperscan stream: the matcher state of one body. */
    public final class Stream implements AutoCloseable {
        private NativeStream stream;

        private Stream(NativeStream stream) {
            this.stream = stream;
        }

        /** Scans {@code len} bytes of {@code buf} from {@code off}, reporting matches to {@code handler}. */
        public void scan(byte[] buf, int off, int len, MatchHandler handler) {
            if (stream == null) {
                throw new IllegalStateException("stream closed");
            }
            MemorySegment handle = stream.handle;
            ThreadState t = threads.get();
            t.begin(handler);
            int rc = 0;
            try {
                while (len > 0 && rc == 0) {
                    int n = Math.min(len, STAGING_BYTES);
                    MemorySegment.copy(buf, off, t.staging, ValueLayout.JAVA_BYTE, 0, n);
                    rc = StreamCalls.scanStream(handle, t.staging, n, t.scratch, t.upcall);
                    off += n;
                    len -= n;
                }
            } finally {
                t.end();
            }
            Hyperscan.check(rc, "hs_scan_stream");
        }

        /** Closes the stream, reporting matches that only the end of data completes. Idempotent. */
        @Override
        public void close() {
            close(null);
        }

        /**
         * Closes the stream; end-of-data matches go to {@code handler} when it is not null. The
         * native stream is rewound into this thread's pool, or freed when the pool is full or the
         * rewind failed.
         */
        public void close(MatchHandler handler) {
            NativeStream n = stream;
            if (n == null) {
                return;
            }
            stream = null;
            ThreadState t = threads.get();
            t.begin(handler);
            int rc = -1;
            try {
                rc = StreamCalls.resetStream(n.handle, handler == null ? MemorySegment.NULL : t.scratch,
                        handler == null ? MemorySegment.NULL : t.upcall);
            } finally {
                // A stream whose rewind failed (or whose handler failed) is not trusted again.
                if (rc == 0 && t.idle.size() < POOL) {
                    t.idle.addLast(n);
                } else {
                    n.free();
                }
                t.end(); // rethrows what the handler threw
            }
        }
    }

    /** Frees a native stream, without reporting matches: on {@link NativeStream#free}, or once it is unreachable. */
    private record Abandon(MemorySegment handle) implements Runnable {
        @Override
        public void run() {
            StreamCalls.closeStream(handle, MemorySegment.NULL, MemorySegment.NULL);
        }
    }
}
