package dev.sluice.grpc.descriptor;

import com.google.protobuf.Descriptors.Descriptor;
import java.util.Objects;

/**
 * The message types of one gRPC method, as resolved from {@code :path}.
 *
 * @param path   the method path as sent, {@code /pkg.Service/Method}
 * @param input  the request message type
 * @param output the response message type
 */
public record MethodTypes(String path, Descriptor input, Descriptor output,
                          boolean clientStreaming, boolean serverStreaming) {
    public MethodTypes {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
    }

    /** The type of the messages one side of the call sends: the input on requests, the output on responses. */
    public Descriptor messageType(boolean request) {
        return request ? input : output;
    }

    /** Whether one side of the call sends a stream of messages: the client's on requests, the server's on responses. */
    public boolean streams(boolean request) {
        return request ? clientStreaming : serverStreaming;
    }
}
