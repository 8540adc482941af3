package dev.sluice.grpc.descriptor;

import com.google.protobuf.Descriptors.Descriptor;
import java.util.Optional;

/** Finds a message type by full name, or by {@code google.protobuf.Any} type URL. */
public interface MessageTypeLookup {

    Optional<Descriptor> find(String fullName);

    /** Resolves a type URL such as {@code type.googleapis.com/pkg.Msg} by its last segment. */
    default Optional<Descriptor> findByTypeUrl(String typeUrl) {
        int slash = typeUrl.lastIndexOf('/');
        return find(slash < 0 ? typeUrl : typeUrl.substring(slash + 1));
    }
}
