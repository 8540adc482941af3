package dev.sluice.grpc.descriptor;

import java.io.Serial;

/**
 * A descriptor set could not be turned into a registry: unreadable or too large file, bytes
 * that are not a FileDescriptorSet, an import no set provides, an import cycle, a file or type
 * defined twice differently, or a descriptor protobuf-java rejects. The message names the set and
 * the .proto file concerned.
 */
public final class DescriptorLoadException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    public DescriptorLoadException(String message) {
        super(message);
    }

    public DescriptorLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
