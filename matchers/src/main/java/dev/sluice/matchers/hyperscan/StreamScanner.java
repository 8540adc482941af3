package dev.sluice.matchers.hyperscan;

import com.gliwka.hyperscan.jni.hs_scratch_t;
import com.gliwka.hyperscan.jni.hs_stream_t;
import com.gliwka.hyperscan.jni.hyperscan;
import java.lang.ref.Cleaner;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Opens Hyperscan streams on one {@link PatternDatabase} and scans heap bytes through them.
 *
 * <p>Hyperscan wants native memory and a scratch space that only one thread uses at a time.
 * Each thread gets its own scratch (allocated for this database) and a 64 KiB native staging
 * buffer, created on first use; heap bytes are copied into the staging buffer and scanned in
 * pieces. A stream belongs to one inspection session and may move between threads between
 * calls, never during one.
 */
public final class StreamScanner {
    /** Bytes copied to native memory per native scan call. */
    static final int STAGING_BYTES = 64 * 1024;
    private static final Cleaner CLEANER = Cleaner.create();

    private final PatternDatabase db;
    private final ThreadLocal<ThreadState> threads;

    public StreamScanner(PatternDatabase db) {
        this.db = db;
        this.threads = ThreadLocal.withInitial(() -> new ThreadState(db));
    }

    /** Opens a stream; the caller must {@link Stream#close} it. */
    public Stream open() {
        try (PointerPointer<?> out = new PointerPointer<>(1)) {
            out.put(0L, (Pointer) null);
            Hyperscan.check(hyperscan.hs_open_stream(db.handle(), 0, out), "hs_open_stream");
            return new Stream(new hs_stream_t(out.get(0)));
        }
    }

    /** Per-thread native state: scratch for this database and the staging buffer. */
    private static final class ThreadState {
        final hs_scratch_t scratch;
        final BytePointer staging;

        ThreadState(PatternDatabase db) {
            try (PointerPointer<?> out = new PointerPointer<>(1)) {
                out.put(0L, (Pointer) null);
                Hyperscan.check(hyperscan.hs_alloc_scratch(db.handle(), out), "hs_alloc_scratch");
                scratch = new hs_scratch_t(out.get(0));
            }
            staging = new BytePointer(STAGING_BYTES);
            hs_scratch_t s = scratch;
            BytePointer b = staging;
            CLEANER.register(this, () -> {
                hyperscan.hs_free_scratch(s);
                b.close();
            });
        }
    }

    /** One open Hyperscan stream: the matcher state of one body. */
    public final class Stream implements AutoCloseable {
        private hs_stream_t handle;
        private final Abandon abandon;
        private final Cleaner.Cleanable cleanable;

        private Stream(hs_stream_t handle) {
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
            MatchHandler[] slot = CallbackBridge.slot();
            slot[0] = handler;
            try {
                while (len > 0) {
                    int n = Math.min(len, STAGING_BYTES);
                    t.staging.position(0).put(buf, off, n);
                    int rc = hyperscan.hs_scan_stream(handle, t.staging.position(0), n, 0, t.scratch,
                            CallbackBridge.INSTANCE, null);
                    Hyperscan.check(rc, "hs_scan_stream");
                    off += n;
                    len -= n;
                }
            } finally {
                slot[0] = null;
            }
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
            MatchHandler[] slot = CallbackBridge.slot();
            slot[0] = handler;
            try {
                hyperscan.hs_close_stream(handle, handler == null ? null : t.scratch,
                        handler == null ? null : CallbackBridge.INSTANCE, null);
            } finally {
                slot[0] = null;
                handle = null;
                abandon.closed = true;
                cleanable.clean();
            }
        }
    }

    /** Frees a stream that was dropped without {@link Stream#close}; does nothing after a close. */
    private static final class Abandon implements Runnable {
        private final hs_stream_t handle;
        volatile boolean closed;

        Abandon(hs_stream_t handle) {
            this.handle = handle;
        }

        @Override
        public void run() {
            if (!closed) {
                hyperscan.hs_close_stream(handle, null, null, null);
            }
        }
    }
}
