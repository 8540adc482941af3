package dev.sluice.grpc.walk;

import java.util.Arrays;

/**
 * The schema walker's state for the message being walked at one depth: its plan, the element
 * counters of its repeated fields, and the type its {@code Any} payload resolves to. One per depth,
 * reused for every message at that depth.
 */
final class MessageFrame {
    MessagePlan plan;
    int[] counts = new int[4];
    MessagePlan anyType;

    /** Prepares the frame for a message of {@code plan}, counters at zero. */
    void open(MessagePlan plan, MessagePlan anyType) {
        this.plan = plan;
        this.anyType = anyType;
        if (counts.length < plan.slots) {
            counts = new int[plan.slots];
        } else {
            Arrays.fill(counts, 0, plan.slots, 0);
        }
    }
}
