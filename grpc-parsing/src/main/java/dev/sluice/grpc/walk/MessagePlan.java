package dev.sluice.grpc.walk;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.Arrays;
import java.util.List;

/**
 * The schema walker's view of one message type: its fields by number (an array for numbers up
 * to {@value #DENSE_LIMIT}, binary search above), how each is reported, and how the well-known
 * types map to paths. Built once per descriptor by {@link MessagePlans}; immutable.
 */
final class MessagePlan {
    private static final int DENSE_LIMIT = 256;

    private static final String ANY = "google.protobuf.Any";
    private static final String STRUCT = "google.protobuf.Struct";
    private static final String VALUE = "google.protobuf.Value";
    private static final String LIST_VALUE = "google.protobuf.ListValue";
    private static final String STRING_VALUE = "google.protobuf.StringValue";
    private static final String BYTES_VALUE = "google.protobuf.BytesValue";

    final Descriptor type;
    final boolean any;
    final boolean mapEntry;
    /** How many repeated fields need an element counter. */
    final int slots;
    private final FieldPlan[] dense;
    private final int[] sparseNumbers;
    private final FieldPlan[] sparse;

    MessagePlan(Descriptor type, MessagePlans plans) {
        this.type = type;
        String name = type.getFullName();
        this.any = ANY.equals(name);
        this.mapEntry = type.getOptions().getMapEntry();
        List<FieldDescriptor> fields = type.getFields();
        FieldPlan[] all = new FieldPlan[fields.size()];
        int slotCount = 0;
        int maxDense = 0;
        for (int i = 0; i < all.length; i++) {
            FieldDescriptor f = fields.get(i);
            FieldPlan.Kind kind = kindOf(f);
            boolean needsSlot = f.isRepeated() && !f.isMapField() && kind != FieldPlan.Kind.IGNORED;
            all[i] = new FieldPlan(f, kind, transparent(name, f), needsSlot ? slotCount++ : -1, plans);
            if (f.getNumber() < DENSE_LIMIT) {
                maxDense = Math.max(maxDense, f.getNumber());
            }
        }
        this.slots = slotCount;
        this.dense = new FieldPlan[maxDense + 1];
        int sparseCount = 0;
        for (FieldPlan p : all) {
            if (p.number < DENSE_LIMIT) {
                dense[p.number] = p;
            } else {
                sparseCount++;
            }
        }
        FieldPlan[] big = new FieldPlan[sparseCount];
        int k = 0;
        for (FieldPlan p : all) {
            if (p.number >= DENSE_LIMIT) {
                big[k++] = p;
            }
        }
        Arrays.sort(big, (a, b) -> Integer.compare(a.number, b.number));
        this.sparse = big;
        this.sparseNumbers = new int[big.length];
        for (int i = 0; i < big.length; i++) {
            sparseNumbers[i] = big[i].number;
        }
    }

    /** The field with {@code number}, or null when the descriptor does not declare it. */
    FieldPlan field(int number) {
        if (number < dense.length) {
            return dense[number];
        }
        int i = Arrays.binarySearch(sparseNumbers, number);
        return i >= 0 ? sparse[i] : null;
    }

    private FieldPlan.Kind kindOf(FieldDescriptor f) {
        if (mapEntry && f.getNumber() == 1) {
            return FieldPlan.Kind.MAP_KEY;
        }
        if (any && f.getNumber() == 2 && f.getType() == FieldDescriptor.Type.BYTES) {
            return FieldPlan.Kind.ANY_VALUE;
        }
        return switch (f.getType()) {
            case STRING -> FieldPlan.Kind.STRING;
            case BYTES -> FieldPlan.Kind.BYTES;
            case GROUP -> FieldPlan.Kind.GROUP;
            case MESSAGE -> f.isMapField() ? FieldPlan.Kind.MAP : FieldPlan.Kind.MESSAGE;
            default -> FieldPlan.Kind.IGNORED;
        };
    }

    /** Fields that add nothing to the path: see {@link FieldPlan#transparent}. */
    private boolean transparent(String typeName, FieldDescriptor f) {
        if (mapEntry) {
            return f.getNumber() == 2;
        }
        int n = f.getNumber();
        return switch (typeName) {
            case STRUCT, LIST_VALUE, STRING_VALUE, BYTES_VALUE -> n == 1;
            case VALUE -> n == 3 || n == 5 || n == 6;
            default -> false;
        };
    }
}
