package dev.sluice.matchers.hyperscan;

import static java.lang.foreign.ValueLayout.ADDRESS;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.ref.Cleaner;

/**
 * Opens Hyperscan streams on one {@link PatternDatabase} and scans heap bytes through them.
 *
 * <p>Hyperscan wants native memory and a scratch space that only one thread uses at a time.
 * Each thread gets its own scratch (allocated for this database), a 64 KiB native staging
 * buffer and its own match upcall, created on first use; heap bytes are copied into the
 * staging buffer and scanned in pieces. A stream belongs to one inspection session and may
 * move between threads between calls, never during one. The calls go through the FFM API
 * ({@link StreamCalls}); the database was compiled through JavaCPP in the same library.
 */
public final class StreamScanner {
    /** Bytes copied to native memory per native scan call. */
    static final int STAGING_BYTES = 64 * 1024;
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

    /** Opens a stream; the caller must {@link Stream#close} it. */
    public Stream open() {
        ThreadState t = threads.get();
        t.pointer.set(ADDRESS, 0, MemorySegment.NULL);
        Hyperscan.check(StreamCalls.openStream(db.address(), t.pointer), "hs_open_stream");
        return new Stream(t.pointer.get(ADDRESS, 0));
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

    /** One open Hyperscan stream: the matcher state of one body. */
    public final class Stream implements AutoCloseable {
        private MemorySegment handle;
        private final Abandon abandon;
        private final Cleaner.Cleanable cleanable;

        private Stream(MemorySegment handle) {
            this.handle = handle;
            // Safety net only: a stream that is never closed is freed without reporting matches.
            this.abandon = new Abandon(handle);
            this.cleanable = CLEANER.register(this, abandon);
        }

        /** Scans {@code len} bytes of {@code buf} from {@code off}, reporting matches to {@code handler}. */
        public void scan(byte[] buf, int off, int len, MatchHandler handler) {
            if (handle == null) {
                throw new IllegalStateException("stream closed");
            }
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

        /** Closes the stream; end-of-data matches go to {@code handler} when it is not null. */
        public void close(MatchHandler handler) {
            if (handle == null) {
                return;
            }
            ThreadState t = threads.get();
            t.begin(handler);
            try {
                StreamCalls.closeStream(handle, handler == null ? MemorySegment.NULL : t.scratch,
                        handler == null ? MemorySegment.NULL : t.upcall);
            } finally {
                handle = null;
                abandon.closed = true;
                cleanable.clean();
                t.end();
            }
        }
    }

    /** Frees a stream that was dropped without {@link Stream#close}; does nothing after a close. */
    private static final class Abandon implements Runnable {
        private final MemorySegment handle;
        volatile boolean closed;

        Abandon(MemorySegment handle) {
            this.handle = handle;
        }

        @Override
        public void run() {
            if (!closed) {
                StreamCalls.closeStream(handle, MemorySegment.NULL, MemorySegment.NULL);
            }
        }
    }
}
