package dev.sluice.bench.extproc;

import io.envoyproxy.envoy.service.ext_proc.v3.BodyResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.ExternalProcessorGrpc;
import io.envoyproxy.envoy.service.ext_proc.v3.HeadersResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.envoyproxy.envoy.service.ext_proc.v3.TrailersResponse;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/**
 * The baseline: an ext_proc server that answers every message with CONTINUE and looks at
 * nothing, on the same gRPC transport, executor size and message limit as Sluice's.
 * {@code NoopExtProcServer PORT}.
 */
public final class NoopExtProcServer {
    private NoopExtProcServer() {
    }

    public static void main(String[] args) throws Exception {
        int threads = Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])))
                .executor(Executors.newFixedThreadPool(threads)).maxInboundMessageSize(8 << 20)
                .addService(new ExternalProcessorGrpc.ExternalProcessorImplBase() {
                    @Override
                    public StreamObserver<ProcessingRequest> process(StreamObserver<ProcessingResponse> out) {
                        return new StreamObserver<>() {
                            @Override
                            public void onNext(ProcessingRequest r) {
                                out.onNext(continueFor(r));
                            }

                            @Override
                            public void onError(Throwable t) {
                            }

                            @Override
                            public void onCompleted() {
                                out.onCompleted();
                            }
                        };
                    }
                }).build().start();
        System.out.println("ready " + server.getPort());
        server.awaitTermination();
    }

    static ProcessingResponse continueFor(ProcessingRequest r) {
        ProcessingResponse.Builder b = ProcessingResponse.newBuilder();
        return switch (r.getRequestCase()) {
            case REQUEST_HEADERS -> b.setRequestHeaders(HeadersResponse.getDefaultInstance()).build();
            case RESPONSE_HEADERS -> b.setResponseHeaders(HeadersResponse.getDefaultInstance()).build();
            case REQUEST_BODY -> b.setRequestBody(BodyResponse.getDefaultInstance()).build();
            case RESPONSE_BODY -> b.setResponseBody(BodyResponse.getDefaultInstance()).build();
            case REQUEST_TRAILERS -> b.setRequestTrailers(TrailersResponse.getDefaultInstance()).build();
            default -> b.setResponseTrailers(TrailersResponse.getDefaultInstance()).build();
        };
    }
}
