package dev.sluice.matchers.hyperscan;

import com.gliwka.hyperscan.jni.match_event_handler;
import org.bytedeco.javacpp.Pointer;

/**
 * The one native callback of the process. JavaCPP allows only a handful of callback objects
 * at once, so instead of one per thread or per stream there is exactly one, and it finds the
 * handler of the current scan in a thread-local slot that {@link StreamScanner} sets around
 * each native call.
 */
final class CallbackBridge extends match_event_handler {
    static final CallbackBridge INSTANCE = new CallbackBridge();
    private static final ThreadLocal<MatchHandler[]> CURRENT = ThreadLocal.withInitial(() -> new MatchHandler[1]);

    private CallbackBridge() {
    }

    /** The slot of this thread; set before a scan, cleared after. */
    static MatchHandler[] slot() {
        return CURRENT.get();
    }

    @Override
    public int call(int id, long from, long to, int flags, Pointer context) {
        MatchHandler h = CURRENT.get()[0];
        if (h != null) {
            h.onMatch(id, from, to);
        }
        return 0;
    }
}
