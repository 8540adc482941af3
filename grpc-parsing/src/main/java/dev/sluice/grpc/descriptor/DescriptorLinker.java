package dev.sluice.grpc.descriptor;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the {@code FileDescriptorProto}s of one or more descriptor sets into linked
 * {@link FileDescriptor}s, each built after its imports whatever order the sets list them in.
 * Imports of {@code google/protobuf/*.proto} that no set provides fall back to the copies in
 * protobuf-java. Every failure names the set and the file.
 */
final class DescriptorLinker {
    /** Longest import chain followed; deeper means a broken or hostile set. */
    static final int MAX_IMPORT_DEPTH = 256;

    private record Source(FileDescriptorProto proto, String setName) {
    }

    private final Map<String, Source> sources = new LinkedHashMap<>();
    private final Map<String, FileDescriptor> linked = new LinkedHashMap<>();
    private final Set<String> inProgress = new HashSet<>();

    /** Adds every file of {@code set}; a file already added must be identical. */
    void add(FileDescriptorSet set, String setName) throws DescriptorLoadException {
        for (FileDescriptorProto proto : set.getFileList()) {
            Source earlier = sources.get(proto.getName());
            if (earlier == null) {
                sources.put(proto.getName(), new Source(proto, setName));
            } else if (!earlier.proto().equals(proto)) {
                throw new DescriptorLoadException("file '" + proto.getName() + "' is defined differently in "
                        + earlier.setName() + " and " + setName);
            }
        }
    }

    /** Links every added file; returns them in dependency order (imports first). */
    List<FileDescriptor> linkAll() throws DescriptorLoadException {
        for (String name : sources.keySet()) {
            link(name, null, 0);
        }
        return new ArrayList<>(linked.values()); // in the order linking finished: imports first
    }

    private FileDescriptor link(String name, Source importer, int depth) throws DescriptorLoadException {
        FileDescriptor done = linked.get(name);
        if (done != null) {
            return done;
        }
        Source source = sources.get(name);
        if (source == null) {
            FileDescriptor builtIn = WellKnownFiles.file(name);
            if (builtIn != null) {
                return builtIn;
            }
            throw new DescriptorLoadException("file '" + importer.proto().getName() + "' in " + importer.setName()
                    + " imports '" + name + "', which no descriptor set contains"
                    + " (build the set with protoc --include_imports, or add the set that has it)");
        }
        if (depth > MAX_IMPORT_DEPTH) {
            throw new DescriptorLoadException("imports of '" + name + "' in " + source.setName()
                    + " nest deeper than " + MAX_IMPORT_DEPTH);
        }
        if (!inProgress.add(name)) {
            throw new DescriptorLoadException("import cycle through '" + name + "' in " + source.setName());
        }
        List<String> imports = source.proto().getDependencyList();
        FileDescriptor[] deps = new FileDescriptor[imports.size()];
        for (int i = 0; i < deps.length; i++) {
            deps[i] = link(imports.get(i), source, depth + 1);
        }
        FileDescriptor file;
        try {
            file = FileDescriptor.buildFrom(source.proto(), deps);
        } catch (DescriptorValidationException e) {
            throw new DescriptorLoadException("file '" + name + "' in " + source.setName() + " is invalid: "
                    + e.getDescription() + " (at " + e.getProblemSymbolName() + ")", e);
        } catch (RuntimeException e) {
            // protobuf-java validates only what a well-formed set can get wrong: a damaged one (a
            // field without a type, say) fails inside linking with a NullPointerException.
            throw new DescriptorLoadException("file '" + name + "' in " + source.setName()
                    + " is malformed (" + e.getClass().getSimpleName() + " while linking it)", e);
        }
        inProgress.remove(name);
        linked.put(name, file);
        return file;
    }
}
