package dev.sluice.standalone.spoe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.grpc.reflect.DescribedService;
import dev.sluice.standalone.serve.ProfilesService;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HAProxy asks whether a gRPC method streams before it waits for the call's body. For a service
 * Sluice learns only through server reflection, the first call's question finds the lookup under
 * way: the agent waits for it (StreamingMethod.REFLECTION_WAIT at most, below HAProxy's processing
 * timeout), so a stream is known from its first call instead of being waited for until 504. A
 * reflection that never answers costs the wait, then "unary", and the connection's other questions
 * are answered meanwhile, out of order, as SPOP's pipelining allows.
 */
class StreamingMethodReflectionTest {

    /**
     * The agent looks the reflection service itself up as it starts, so a service's first lookup
     * finds the channel connected and the code warm (in a fresh process the first lookup took 330 to
     * 380 ms, past the wait; after the warm-up, 10 to 55 ms: bench/RESULTS.md).
     */
    @Test
    void aStreamLearnedThroughReflectionIsKnownOnItsFirstCall(@TempDir Path dir) throws Exception {
        AtomicInteger reflectionCalls = new AtomicInteger();
        Server feed = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(DescribedService.of(ProfilesService.build(HaproxyGrpcTest.FEED_PROTO)
                        .findServiceByName("Feed")))
                .addService(ServerInterceptors.intercept(ProtoReflectionServiceV1.newInstance(), counting(reflectionCalls)))
                .build().start();
        try (SpoeRuntime agent = SpopAgentTest.start(dir, c -> c.backend("http://127.0.0.1:" + feed.getPort())
                .grpcReflection(true));
             SpopClient c = SpopClient.connect(agent.port())) {
            for (int i = 0; i < 100 && reflectionCalls.get() == 0; i++) {
                Thread.sleep(50);
            }
            assertTrue(reflectionCalls.get() > 0, "the warm-up lookup, before any call");
            c.hello(16380, false);
            c.send(ask(1, "/demo.Feed/Watch"));
            assertEquals(Map.of("streams_request", false, "streams_response", true), SpopClient.vars(c.receive()));
        } finally {
            feed.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aReflectionThatNeverAnswersIsTakenAsUnaryOnceTheWaitIsOver(@TempDir Path dir) throws Exception {
        // Accepts connections and never speaks: each lookup would take the whole reflection timeout,
        // longer than the test client waits for an ACK (10 s).
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             SpoeRuntime agent = SpopAgentTest.start(dir, c -> c.backend("http://127.0.0.1:" + silent.getLocalPort())
                     .grpcReflection(true).grpcReflectionTimeout(Duration.ofSeconds(30)));
             SpopClient c = SpopClient.connect(agent.port())) {
            c.hello(16380, false);
            c.send(ask(1, "/demo.Feed/Watch"));
            c.send(ask(2, "/not-grpc"));
            SpopFrame first = c.receive();
            assertEquals(2, first.streamId(), "the question with nothing to wait for is answered first");
            SpopFrame second = c.receive();
            assertEquals(1, second.streamId());
            assertEquals(Map.of("streams_request", false, "streams_response", false), SpopClient.vars(second));
        }
    }

    private static ServerInterceptor counting(AtomicInteger calls) {
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                              ServerCallHandler<Q, R> next) {
                calls.incrementAndGet();
                return next.startCall(call, headers);
            }
        };
    }

    private static byte[] ask(long stream, String path) {
        return SpopClient.frame(Spop.FRAME_NOTIFY, Spop.FLAG_FIN, stream, 1, w -> {
            w.string(StreamingMethod.MESSAGE);
            w.varint(1);
            w.string("path").typedString(path);
        });
    }
}
