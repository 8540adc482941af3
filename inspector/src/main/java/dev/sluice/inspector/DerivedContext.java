package dev.sluice.inspector;

/**
 * The base of a parser context for something read inside another context's body (a document in
 * a JSON string, text decoded out of a protobuf value, a stream's deltas): the same limits and
 * held memory, the same outcomes, and the same answers to whether the body is rewritten and
 * whether names are read. A subclass says where its values go and what it opens, and overrides
 * what else differs.
 */
public abstract class DerivedContext implements ParserContext {
    private final ParserContext outer;

    protected DerivedContext(ParserContext outer) {
        this.outer = java.util.Objects.requireNonNull(outer, "outer");
    }

    /** The context whose body this one reads inside. */
    protected final ParserContext outer() {
        return outer;
    }

    @Override
    public boolean rewriting() {
        return outer.rewriting();
    }

    @Override
    public boolean readsNames() {
        return outer.readsNames();
    }

    @Override
    public InspectionLimits limits() {
        return outer.limits();
    }

    @Override
    public HeldMemory heldMemory() {
        return outer.heldMemory();
    }

    @Override
    public OutcomeRecorder outcomes() {
        return outer.outcomes();
    }
}
