package dev.sluice.grpc.walk;

import com.google.protobuf.Descriptors.Descriptor;
import dev.sluice.grpc.descriptor.MessageTypeLookup;
import java.util.Objects;

/**
 * Walks one serialized protobuf message held in a {@code byte[]} and reports every string and
 * bytes value to a {@link ValueVisitor}, with its path, context key and body offset. With a
 * descriptor it walks by schema ({@link WalkMode#SCHEMA}); without one, or for fields the
 * descriptor does not declare, by wire format alone ({@link WalkMode#SCHEMALESS}).
 *
 * <p>Paths (see {@link FieldPath}): {@code payment.card.number}, {@code items[2]},
 * {@code labels[env]}, schema-less {@code 1.3.2}; an unknown field inside a known message
 * continues with its number ({@code user.17}). Well-known types follow their JSON mapping:
 * a resolved {@code Any}'s fields continue at the Any's own path (its {@code type_url} is
 * reported under {@code type_url}); an unresolved one's payload is walked schema-less under
 * {@code value}; {@code Struct} members are keyed like map entries ({@code meta[name]});
 * {@code Value} and the {@code StringValue} / {@code BytesValue} wrappers report their content at
 * their own field's path; {@code ListValue} elements are indexed ({@code tags[0]}). A map's string
 * keys are reported too, at the map field's path.
 *
 * <p>Limits: messages (including map entries, groups, a resolved Any's content) nest at most
 * {@code maxDepth} levels below the root (default {@value #DEFAULT_MAX_DEPTH}); deeper payloads
 * are reported raw with {@link WalkProblem#DEPTH_LIMIT}. Invalid wire data is reported with
 * {@link WalkProblem#MALFORMED} and the rest of the innermost message around it handed over raw;
 * see {@link WalkProblem}. Work is linear in the message size times the nesting depth.
 *
 * <p>Not thread-safe: one walker per thread or per session, reused for every message. Plans
 * derived from descriptors are cached process-wide.
 */
public final class ProtobufWalker {
    public static final int DEFAULT_MAX_DEPTH = 64;
    /** Upper bound for {@code maxDepth}: the walk recurses once per level. */
    public static final int MAX_DEPTH_LIMIT = 1000;

    private final WalkContext ctx;
    private final SchemalessWalk schemaless;
    private final SchemaWalk schema;
    private final MessagePlans plans = MessagePlans.SHARED;

    private ProtobufWalker(Builder b) {
        this.ctx = new WalkContext(b.maxDepth);
        this.schemaless = new SchemalessWalk(ctx);
        this.schema = new SchemaWalk(ctx, schemaless, b.lookup, plans);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Walks the message in {@code buf[off, off + len)}, reporting to {@code visitor}.
     *
     * @param type       the message type, or null to walk schema-less
     * @param bodyOffset where {@code buf[off]} sits in the body; value offsets are computed from it
     */
    public void walk(Descriptor type, byte[] buf, int off, int len, long bodyOffset, ValueVisitor visitor) {
        Objects.checkFromIndexSize(off, len, buf.length);
        Objects.requireNonNull(visitor, "visitor");
        ctx.begin(buf, off, bodyOffset, visitor);
        try {
            if (type == null) {
                schemaless.walkRoot(off, off + len);
            } else {
                schema.walkRoot(plans.plan(type), off, off + len);
            }
        } finally {
            schema.end();
            schemaless.end();
            ctx.end();
        }
    }

    public int maxDepth() {
        return ctx.maxDepth;
    }

    /** Configuration for a {@link ProtobufWalker}. */
    public static final class Builder {
        private int maxDepth = DEFAULT_MAX_DEPTH;
        private MessageTypeLookup lookup;

        private Builder() {
        }

        /** Deepest message nesting walked below the root, 1 to {@value #MAX_DEPTH_LIMIT}. */
        public Builder maxDepth(int maxDepth) {
            if (maxDepth < 1 || maxDepth > MAX_DEPTH_LIMIT) {
                throw new IllegalArgumentException("maxDepth must be 1.." + MAX_DEPTH_LIMIT + ": " + maxDepth);
            }
            this.maxDepth = maxDepth;
            return this;
        }

        /** Resolves {@code Any} type URLs; without one every Any is walked schema-less. */
        public Builder lookup(MessageTypeLookup lookup) {
            this.lookup = lookup;
            return this;
        }

        public ProtobufWalker build() {
            return new ProtobufWalker(this);
        }
    }
}
