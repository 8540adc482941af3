package dev.sluice.inspector;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The body bytes every exchange of a process may hold at once. Each exchange's own holds are
 * bounded (a held body by its hold limit, a rewriting by {@link InspectionLimits#maxHeldBytes()}),
 * but their sum grew with the number of exchanges: 400 clients each sending most of a 1 MiB body
 * and stalling filled a 256 MiB heap. Holders charge what they keep here as they grow; when the
 * process's limit would be passed the charge is refused, and the holder does what it does at its
 * own limit (the route's fail rule, or a release unredacted with {@link Outcome#HELD_BYTES_LIMIT}).
 *
 * <p>The first {@value #UNCHARGED_BYTES} bytes of each holder are not charged: most bodies are
 * smaller, and what they keep is bounded by the connection limits like every connection's
 * buffers. The charge follows the holder's buffer capacity, which is what the heap pays.
 * Thread-safe.
 */
public final class HeldMemory {
    /** What a holder keeps without charging it. */
    public static final int UNCHARGED_BYTES = 64 * 1024;

    /** Gives back what a holder dropped without releasing it (an aborted exchange a front end forgot). */
    private static final Cleaner CLEANER = Cleaner.create();
    private static final HeldMemory UNBOUNDED = new HeldMemory(Long.MAX_VALUE);

    private final long limit;
    private final AtomicLong charged = new AtomicLong();
    private final LongAdder refusals = new LongAdder();

    private HeldMemory(long limit) {
        this.limit = limit;
    }

    /** At most {@code limit} bytes held at once past each holder's uncharged part. */
    public static HeldMemory of(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("the held-memory limit must be positive, got " + limit);
        }
        return new HeldMemory(limit);
    }

    /** No limit (tools that inspect one body at a time); charges are still counted. */
    public static HeldMemory unbounded() {
        return UNBOUNDED;
    }

    public long limit() {
        return limit;
    }

    /** The bytes charged now. */
    public long charged() {
        return charged.get();
    }

    /** How many charges were refused since the process started. */
    public long refusals() {
        return refusals.sum();
    }

    /** An account for one holder, which must be the object that keeps the bytes. */
    public Account account(Object holder) {
        return new Account(holder);
    }

    private boolean take(long bytes) {
        for (long now = charged.get(); ; now = charged.get()) {
            if (bytes > limit - now) {
                refusals.increment();
                return false;
            }
            if (charged.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    @Override
    public String toString() {
        return "HeldMemory[charged=" + charged() + ", limit=" + (limit == Long.MAX_VALUE ? "none" : limit) + "]";
    }

    /**
     * What one holder has charged. Used by one thread at a time, as its holder is. Released
     * explicitly, or when the holder becomes unreachable without that.
     */
    public final class Account {
        private final Object holder;
        /** Made at the first charge: most holders never pass their uncharged part. */
        private Charge charge;
        private Cleaner.Cleanable cleanable;

        private Account(Object holder) {
            this.holder = holder;
        }

        /**
         * Charges what keeping a buffer of {@code capacity} bytes costs, giving back what a
         * smaller one no longer needs. False when the process's limit would be passed: nothing
         * is charged then, and what was charged before stays.
         */
        public boolean holds(long capacity) {
            long want = Math.max(0, capacity - UNCHARGED_BYTES);
            long more = want - charged();
            if (more == 0) {
                return true;
            }
            if (more < 0) {
                charge.giveBack(-more);
                return true;
            }
            if (!take(more)) {
                return false;
            }
            if (charge == null) {
                charge = new Charge(HeldMemory.this);
            }
            charge.bytes.addAndGet(more);
            if (cleanable == null) {
                cleanable = CLEANER.register(holder, charge);
            }
            return true;
        }

        /** Gives back everything charged; the account may charge again afterwards. */
        public void release() {
            if (cleanable != null) {
                cleanable.clean();
                cleanable = null;
            }
        }

        /** The bytes this account has charged. */
        public long charged() {
            return charge == null ? 0 : charge.bytes.get();
        }
    }

    /** The cleaning action: reaches the memory and the count, never the holder. */
    private static final class Charge implements Runnable {
        private final HeldMemory memory;
        private final AtomicLong bytes = new AtomicLong();

        Charge(HeldMemory memory) {
            this.memory = memory;
        }

        void giveBack(long n) {
            bytes.addAndGet(-n);
            memory.charged.addAndGet(-n);
        }

        @Override
        public void run() {
            memory.charged.addAndGet(-bytes.getAndSet(0));
        }
    }
}
