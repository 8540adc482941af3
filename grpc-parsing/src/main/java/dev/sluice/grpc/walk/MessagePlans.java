package dev.sluice.grpc.walk;

import com.google.protobuf.Descriptors.Descriptor;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Caches one {@link MessagePlan} per descriptor, shared by every walker. Thread-safe.
 *
 * <p>Bounded: descriptors may come from server reflection and be replaced over a process's
 * life, so the cache holds at most {@value #MAX_PLANS} plans and starts afresh when full rather
 * than growing with every descriptor it ever saw. Plans are cheap to rebuild.
 */
final class MessagePlans {
    static final MessagePlans SHARED = new MessagePlans();
    private static final int MAX_PLANS = 4096;

    private final ConcurrentHashMap<Descriptor, MessagePlan> plans = new ConcurrentHashMap<>();

    MessagePlan plan(Descriptor type) {
        MessagePlan p = plans.get(type);
        if (p == null) {
            if (plans.size() >= MAX_PLANS) {
                plans.clear();
            }
            p = new MessagePlan(type, this);
            MessagePlan raced = plans.putIfAbsent(type, p);
            if (raced != null) {
                p = raced;
            }
        }
        return p;
    }
}
