package dev.sluice.grpc.reflect;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds linked {@link FileDescriptor}s from the files one lookup collected: each file after its
 * imports, depth first. Detects import cycles and imports nobody supplied; the depth of the walk
 * is bounded by the number of files, itself bounded by the stream's file limit.
 */
final class FileGraph {

    private final Map<String, FileDescriptorProto> protos;
    private final Map<String, FileDescriptor> built = new HashMap<>();
    private final Set<String> inProgress = new HashSet<>();
    private LookupOutcome failure;
    private String failureDetail;

    private FileGraph(Map<String, FileDescriptorProto> protos) {
        this.protos = protos;
    }

    /** Builds every file; on failure the result names the first problem found. */
    static Result build(Map<String, FileDescriptorProto> protos) {
        FileGraph graph = new FileGraph(protos);
        List<FileDescriptor> files = new ArrayList<>(protos.size());
        for (String name : protos.keySet()) {
            FileDescriptor file = graph.link(name);
            if (file == null) {
                return new Result(List.of(), graph.failure, graph.failureDetail);
            }
            files.add(file);
        }
        return new Result(List.copyOf(files), LookupOutcome.RESOLVED, "built");
    }

    /** Returns the built file, or null after recording why it cannot be built. */
    private FileDescriptor link(String name) {
        FileDescriptor done = built.get(name);
        if (done != null) {
            return done;
        }
        FileDescriptorProto proto = protos.get(name);
        if (proto == null) {
            FileDescriptor bundled = WellKnownFiles.find(name);
            return bundled != null
                    ? bundled
                    : fail(LookupOutcome.MISSING_DEPENDENCY, "import " + name + " was not supplied");
        }
        if (!inProgress.add(name)) {
            return fail(LookupOutcome.DEPENDENCY_CYCLE, "import cycle through " + name);
        }
        FileDescriptor[] dependencies = new FileDescriptor[proto.getDependencyCount()];
        for (int i = 0; i < dependencies.length; i++) {
            dependencies[i] = link(proto.getDependency(i));
            if (dependencies[i] == null) {
                return null;
            }
        }
        inProgress.remove(name);
        FileDescriptor file;
        try {
            file = FileDescriptor.buildFrom(proto, dependencies, false);
        } catch (DescriptorValidationException | RuntimeException e) {
            // Reflection answers come from the upstream, not the client; an invalid file is a
            // broken server and the lookup fails without the descriptor's text in the detail.
            return fail(LookupOutcome.MALFORMED_DESCRIPTORS, "file " + name + " does not validate");
        }
        built.put(name, file);
        return file;
    }

    private FileDescriptor fail(LookupOutcome outcome, String detail) {
        failure = outcome;
        failureDetail = detail;
        return null;
    }

    /**
     * @param files   every file built, in the order the server sent them; empty on failure
     * @param outcome {@link LookupOutcome#RESOLVED} on success
     * @param detail  log-safe reason
     */
    record Result(List<FileDescriptor> files, LookupOutcome outcome, String detail) {
    }
}
