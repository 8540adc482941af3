package dev.sluice.grpc.reflect;

import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.GenericDescriptor;
import java.util.List;

/**
 * The cached answer for one symbol (a service or message full name).
 *
 * @param outcome    {@link LookupOutcome#RESOLVED} when {@code descriptor} is set
 * @param detail     log-safe reason
 * @param descriptor the service or message descriptor; null on failure
 * @param files      every file the lookup built; empty on failure
 * @param bytes      serialized size of those files, the entry's weight in the cache
 */
record SymbolResult(LookupOutcome outcome, String detail, GenericDescriptor descriptor,
                    List<FileDescriptor> files, long bytes) {

    static SymbolResult found(GenericDescriptor descriptor, List<FileDescriptor> files, long bytes) {
        return new SymbolResult(LookupOutcome.RESOLVED, "resolved", descriptor, List.copyOf(files), bytes);
    }

    static SymbolResult failed(LookupOutcome outcome, String detail) {
        return new SymbolResult(outcome, detail, null, List.of(), 0);
    }

    boolean resolved() {
        return descriptor != null;
    }
}
