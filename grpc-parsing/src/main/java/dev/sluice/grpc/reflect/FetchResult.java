package dev.sluice.grpc.reflect;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one reflection stream brought back: the files it collected (by name, in arrival order),
 * or a failure.
 *
 * @param files    the collected files; empty on failure
 * @param outcome  {@link LookupOutcome#RESOLVED} when {@code files} is complete
 * @param detail   log-safe reason
 * @param answered whether the server sent at least one response, which proves it speaks the version
 */
record FetchResult(Map<String, FileDescriptorProto> files, LookupOutcome outcome, String detail,
                   boolean answered) {

    /** Marks a failure that means "try the other protocol version". */
    private static final String UNIMPLEMENTED = "status UNIMPLEMENTED";

    static FetchResult complete(Map<String, FileDescriptorProto> files) {
        return new FetchResult(Collections.unmodifiableMap(new LinkedHashMap<>(files)), LookupOutcome.RESOLVED, "fetched", true);
    }

    static FetchResult failed(LookupOutcome outcome, String detail, boolean answered) {
        return new FetchResult(Map.of(), outcome, detail, answered);
    }

    static FetchResult unimplemented() {
        return new FetchResult(Map.of(), LookupOutcome.NO_REFLECTION, UNIMPLEMENTED, false);
    }

    boolean isUnimplemented() {
        return outcome == LookupOutcome.NO_REFLECTION && !answered;
    }
}
