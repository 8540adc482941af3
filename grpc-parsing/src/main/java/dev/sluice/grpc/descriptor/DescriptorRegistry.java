package dev.sluice.grpc.descriptor;

import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Message types and gRPC methods from FileDescriptorSet files, as {@code protoc --include_imports
 * --descriptor_set_out} writes them. Immutable and thread-safe once built; resolution never
 * waits, so {@link #resolve} answers with an already completed future.
 *
 * <p>Built with {@link #builder()}: files are read and linked in {@link Builder#build()}, in
 * dependency order whatever order the sets list them in, and every problem (unreadable file,
 * not a descriptor set, a missing import, a cycle, a file or type defined twice differently) is
 * a {@link DescriptorLoadException} naming the set and the file. Imports of the well-known
 * {@code google/protobuf/*.proto} files fall back to protobuf-java's own copies, and
 * {@link #find} answers for their message types too (an {@code Any} may hold a
 * {@code google.protobuf.StringValue} that no set mentions).
 */
public final class DescriptorRegistry implements MethodResolver, MessageTypeLookup {
    /** Default largest descriptor set file read. */
    public static final long DEFAULT_MAX_SET_BYTES = 64L << 20;

    private static final DescriptorRegistry EMPTY = new DescriptorRegistry(List.of(), Map.of(), Map.of());

    private final List<FileDescriptor> files;
    private final Map<String, Descriptor> messages;
    private final Map<String, MethodTypes> methods;

    private DescriptorRegistry(List<FileDescriptor> files, Map<String, Descriptor> messages,
                               Map<String, MethodTypes> methods) {
        this.files = files;
        this.messages = messages;
        this.methods = methods;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A registry that knows only the well-known types. */
    public static DescriptorRegistry empty() {
        return EMPTY;
    }

    /** The method at {@code path} ({@code /pkg.Service/Method}, as in {@code :path}), or empty. */
    public Optional<MethodTypes> method(String path) {
        return path == null ? Optional.empty() : Optional.ofNullable(methods.get(path));
    }

    @Override
    public CompletableFuture<Optional<MethodTypes>> resolve(String path) {
        return CompletableFuture.completedFuture(method(path));
    }

    /** A message type by full name ({@code pkg.Msg}, {@code pkg.Outer.Inner}; a leading dot is ignored). */
    @Override
    public Optional<Descriptor> find(String fullName) {
        if (fullName == null) {
            return Optional.empty();
        }
        String name = fullName.startsWith(".") ? fullName.substring(1) : fullName;
        Descriptor d = messages.get(name);
        return Optional.ofNullable(d != null ? d : WellKnownFiles.message(name));
    }

    /** Every method path, for diagnostics and configuration checks. */
    public Set<String> methodPaths() {
        return methods.keySet();
    }

    /** The files of every set, imports first. */
    public List<FileDescriptor> files() {
        return files;
    }

    @Override
    public String toString() {
        return "DescriptorRegistry[files=" + files.size() + ", messages=" + messages.size()
                + ", methods=" + methods.size() + "]";
    }

    /** Collects descriptor sets; {@link #build()} reads and links them. */
    public static final class Builder {
        private final List<Object> sets = new ArrayList<>();
        private final List<String> names = new ArrayList<>();
        private long maxSetBytes = DEFAULT_MAX_SET_BYTES;

        private Builder() {
        }

        /** A descriptor set file, read at {@link #build()}. */
        public Builder addFile(Path file) {
            sets.add(Objects.requireNonNull(file, "file"));
            names.add(file.toString());
            return this;
        }

        /** The serialized bytes of a descriptor set; {@code name} identifies it in errors. */
        public Builder addBytes(String name, byte[] bytes) {
            sets.add(Objects.requireNonNull(bytes, "bytes").clone());
            names.add(Objects.requireNonNull(name, "name"));
            return this;
        }

        /** An already parsed descriptor set; {@code name} identifies it in errors. */
        public Builder addSet(String name, FileDescriptorSet set) {
            sets.add(Objects.requireNonNull(set, "set"));
            names.add(Objects.requireNonNull(name, "name"));
            return this;
        }

        /** Largest descriptor set read from a file or bytes (default 64 MiB). */
        public Builder maxSetBytes(long maxSetBytes) {
            if (maxSetBytes < 1) {
                throw new IllegalArgumentException("maxSetBytes must be positive: " + maxSetBytes);
            }
            this.maxSetBytes = maxSetBytes;
            return this;
        }

        public DescriptorRegistry build() throws DescriptorLoadException {
            DescriptorLinker linker = new DescriptorLinker();
            for (int i = 0; i < sets.size(); i++) {
                linker.add(parse(sets.get(i), names.get(i)), names.get(i));
            }
            List<FileDescriptor> files = linker.linkAll();
            Map<String, Descriptor> messages = new HashMap<>();
            Map<String, FileDescriptor> messageFiles = new HashMap<>();
            Map<String, MethodTypes> methods = new HashMap<>();
            for (FileDescriptor file : files) {
                for (Descriptor d : file.getMessageTypes()) {
                    index(d, file, messages, messageFiles);
                }
                for (ServiceDescriptor service : file.getServices()) {
                    for (MethodDescriptor m : service.getMethods()) {
                        String path = "/" + service.getFullName() + "/" + m.getName();
                        methods.put(path, new MethodTypes(path, m.getInputType(), m.getOutputType(),
                                m.isClientStreaming(), m.isServerStreaming()));
                    }
                }
            }
            return new DescriptorRegistry(List.copyOf(files), Map.copyOf(messages), Map.copyOf(methods));
        }

        private static void index(Descriptor d, FileDescriptor file, Map<String, Descriptor> messages,
                                  Map<String, FileDescriptor> messageFiles) throws DescriptorLoadException {
            FileDescriptor earlier = messageFiles.putIfAbsent(d.getFullName(), file);
            if (earlier != null) {
                throw new DescriptorLoadException("message type '" + d.getFullName() + "' is defined in both '"
                        + earlier.getName() + "' and '" + file.getName() + "'");
            }
            messages.put(d.getFullName(), d);
            for (Descriptor nested : d.getNestedTypes()) {
                index(nested, file, messages, messageFiles);
            }
        }

        private FileDescriptorSet parse(Object source, String name) throws DescriptorLoadException {
            if (source instanceof FileDescriptorSet set) {
                return set;
            }
            byte[] bytes = source instanceof Path path ? read(path) : (byte[]) source;
            if (bytes.length > maxSetBytes) {
                throw new DescriptorLoadException(name + " is larger than " + maxSetBytes + " bytes");
            }
            try {
                return FileDescriptorSet.parseFrom(bytes);
            } catch (InvalidProtocolBufferException e) {
                throw new DescriptorLoadException(name + " is not a FileDescriptorSet (" + e.getMessage() + ")", e);
            }
        }

        private byte[] read(Path path) throws DescriptorLoadException {
            try (InputStream in = Files.newInputStream(path)) {
                byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxSetBytes + 1));
                if (bytes.length > maxSetBytes) {
                    throw new DescriptorLoadException(path + " is larger than " + maxSetBytes + " bytes");
                }
                return bytes;
            } catch (IOException e) {
                throw new DescriptorLoadException("cannot read descriptor set " + path + ": " + e, e);
            }
        }
    }
}
