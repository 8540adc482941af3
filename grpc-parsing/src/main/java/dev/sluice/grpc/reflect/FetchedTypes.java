package dev.sluice.grpc.reflect;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import dev.sluice.grpc.descriptor.MessageTypeLookup;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every message type reflection has built so far, by full name, for resolving {@code Any}
 * payloads. Bounded: past {@code maxTypes} the least recently used type is forgotten. Thread-safe.
 */
final class FetchedTypes implements MessageTypeLookup {

    private final BoundedLru<String, Descriptor> byName;

    FetchedTypes(int maxTypes) {
        this.byName = new BoundedLru<>(maxTypes);
    }

    @Override
    public Optional<Descriptor> find(String fullName) {
        synchronized (byName) {
            return Optional.ofNullable(byName.get(fullName));
        }
    }

    /** Remembers every message type of {@code files}, nested types included. */
    void addAll(List<FileDescriptor> files) {
        List<Descriptor> messages = allMessages(files);
        synchronized (byName) {
            for (Descriptor message : messages) {
                byName.put(message.getFullName(), message);
            }
        }
    }

    /** Lists the message types of {@code files}, nested ones included, without recursion. */
    static List<Descriptor> allMessages(List<FileDescriptor> files) {
        List<Descriptor> out = new ArrayList<>();
        ArrayDeque<Descriptor> pending = new ArrayDeque<>();
        for (FileDescriptor file : files) {
            pending.addAll(file.getMessageTypes());
        }
        for (Descriptor message; (message = pending.poll()) != null; ) {
            out.add(message);
            pending.addAll(message.getNestedTypes());
        }
        return out;
    }
}
