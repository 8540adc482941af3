package dev.sluice.grpc.walk;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;

/**
 * What the schema walker does with one field of one message type, precomputed from its
 * descriptor. Immutable apart from the lazily resolved child plan (see {@link #child()}).
 */
final class FieldPlan {

    enum Kind {
        /** Reported as {@link ValueKind#STRING}. */
        STRING,
        /** Reported as {@link ValueKind#BYTES}. */
        BYTES,
        /** A length-delimited nested message. */
        MESSAGE,
        /** A group (start/end-group tags) or a delimited-encoded message. */
        GROUP,
        /** A map field: each occurrence is one entry message. */
        MAP,
        /** Field 1 of a map entry: reported by the entry's key scan, skipped by the walk. */
        MAP_KEY,
        /** {@code google.protobuf.Any.value}: walked as the type its type URL names. */
        ANY_VALUE,
        /** Scalars, enums and their packed forms: nothing to report. */
        IGNORED
    }

    final int number;
    final String name;
    final Kind kind;
    final boolean repeated;
    /**
     * True when the field adds no name to the path: the well-known types whose JSON form has no
     * field of their own (Struct.fields, Value.*_value, ListValue.values, wrapper values) and
     * map entry values.
     */
    final boolean transparent;
    /** Index into the per-message repeated-element counters, or -1. */
    final int slot;
    /** Message type for MESSAGE, GROUP and MAP (the entry type), else null. */
    final Descriptor messageType;
    /** The map's key field, for MAP, else null. */
    final FieldDescriptor mapKey;
    private final MessagePlans plans;
    // Racy single-check: MessagePlan has only final fields, so a plan seen through this field is
    // fully built even without synchronisation; at worst two threads build the same plan.
    private MessagePlan child;

    FieldPlan(FieldDescriptor field, Kind kind, boolean transparent, int slot, MessagePlans plans) {
        this.number = field.getNumber();
        this.name = field.getName();
        this.kind = kind;
        this.repeated = field.isRepeated();
        this.transparent = transparent;
        this.slot = slot;
        this.messageType = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE ? field.getMessageType() : null;
        this.mapKey = kind == Kind.MAP ? messageType.findFieldByNumber(1) : null;
        this.plans = plans;
    }

    /** The plan of this field's message type (MESSAGE, GROUP, MAP). */
    MessagePlan child() {
        MessagePlan c = child;
        if (c == null) {
            c = plans.plan(messageType);
            child = c;
        }
        return c;
    }

    /** Whether the field's index appears in the path (repeated, not a map). */
    boolean indexed() {
        return slot >= 0;
    }
}
