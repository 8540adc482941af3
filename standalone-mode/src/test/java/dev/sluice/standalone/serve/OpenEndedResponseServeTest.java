package dev.sluice.standalone.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.sun.net.httpserver.HttpServer;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A feed of server-sent events through {@code sluice serve} on a route that may block responses,
 * whose bodies are otherwise held for their verdict: held, the feed's events would reach the
 * client only when it closed. It streams instead, its events redacted as they pass: the upstream
 * sends its second event only after the client has read the first.
 */
class OpenEndedResponseServeTest {
    static final String POLICY = """
            version: 1
            defaults:
              response:
                secret: block
                email: {action: redact, mask: fixed}
            """;

    @Test
    void anEventFeedStreamsOnARouteThatHoldsBodies(@TempDir Path dir) throws Exception {
        CountDownLatch firstRead = new CountDownLatch(1);
        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        upstream.createContext("/feed", ex -> {
            ex.getResponseHeaders().add("content-type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                out.write("data: {\"n\":1}\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                // A held feed would never get here: the client reads nothing until the body ends.
                if (firstRead.await(10, TimeUnit.SECONDS)) {
                    out.write("data: {\"n\":2,\"contact\":\"jane.doe@fastmail.com\"}\n\n"
                            .getBytes(StandardCharsets.UTF_8));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        upstream.start();
        ServeRuntime serve = ServeTests.serveWithPolicy(upstream, dir, POLICY);
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            // Held, not even the head would come before the feed ends: the timeout (to the head) fails it.
            HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(URI.create(
                    ServeTests.proxyUrl(serve, "/feed"))).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, r.statusCode());
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                String first = CompletableFuture.supplyAsync(() -> {
                    try {
                        return lines.readLine();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).get(5, TimeUnit.SECONDS);
                assertEquals("data: {\"n\":1}", first, "the first event before the feed goes on");
                firstRead.countDown();
                StringBuilder rest = new StringBuilder();
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    rest.append(line).append('\n');
                }
                assertFalse(rest.toString().contains("jane.doe@fastmail.com"), rest.toString());
                assertTrue(rest.toString().contains("\"contact\":\"[REDACTED:email]\""), rest.toString());
            }
            JsonNode event = ServeTests.awaitEvent(dir.resolve("events.jsonl"),
                    e -> e.path("direction").asText().equals("response") && e.path("path").asText().equals("/feed"));
            assertEquals("redacted", event.path("delivery").asText(), event.toString());
        } finally {
            ServeTests.stop(serve, upstream);
        }
    }

    /**
     * A server-streaming gRPC method (the service's schema says so) on the same route: its
     * messages stream as they come, the second sent only after the client has read the first.
     */
    @Test
    void aServerStreamingMethodStreamsOnARouteThatHoldsBodies(@TempDir Path dir) throws Exception {
        FieldDescriptorProto.Builder text = FieldDescriptorProto.newBuilder().setNumber(1)
                .setType(FieldDescriptorProto.Type.TYPE_STRING).setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL);
        FileDescriptorProto file = FileDescriptorProto.newBuilder().setName("demo/feed.proto").setPackage("demo")
                .setSyntax("proto3")
                .addMessageType(DescriptorProto.newBuilder().setName("Event").addField(text.clone().setName("contact")))
                .addService(ServiceDescriptorProto.newBuilder().setName("Feed").addMethod(MethodDescriptorProto
                        .newBuilder().setName("Watch").setInputType(".demo.Event").setOutputType(".demo.Event")
                        .setServerStreaming(true))).build();
        Path set = dir.resolve("feed.pb");
        Files.write(set, FileDescriptorSet.newBuilder().addFile(file).build().toByteArray());
        Descriptor type = FileDescriptor.buildFrom(file, new FileDescriptor[0]).findMessageTypeByName("Event");
        FieldDescriptor contact = type.findFieldByName("contact");
        MethodDescriptor<DynamicMessage, DynamicMessage> watch = MethodDescriptor.<DynamicMessage, DynamicMessage>newBuilder()
                .setType(MethodDescriptor.MethodType.SERVER_STREAMING).setFullMethodName("demo.Feed/Watch")
                .setRequestMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(type)))
                .setResponseMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(type))).build();
        CountDownLatch firstRead = new CountDownLatch(1);
        Server feed = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(ServerServiceDefinition.builder("demo.Feed").addMethod(watch,
                        ServerCalls.asyncServerStreamingCall((req, out) -> {
                            out.onNext(DynamicMessage.newBuilder(type).setField(contact, "first").build());
                            try {
                                if (firstRead.await(10, TimeUnit.SECONDS)) {
                                    out.onNext(DynamicMessage.newBuilder(type)
                                            .setField(contact, "jane.doe@fastmail.com").build());
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            out.onCompleted();
                        })).build()).build().start();
        Path policy = Files.writeString(dir.resolve("policy.yaml"), POLICY);
        ServeRuntime serve = ServeTests.serveDefault(feed.getPort(), dir.resolve("events.jsonl"),
                b -> b.policyFile(policy).descriptorSets(List.of(set)));
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", serve.proxyPort(),
                InsecureChannelCredentials.create()).build();
        try {
            Iterator<DynamicMessage> messages = ClientCalls.blockingServerStreamingCall(channel, watch,
                    CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS), DynamicMessage.getDefaultInstance(type));
            DynamicMessage first = CompletableFuture.supplyAsync(messages::next).get(5, TimeUnit.SECONDS);
            assertEquals("first", first.getField(contact), "the first message before the stream goes on");
            firstRead.countDown();
            assertEquals("[REDACTED:email]", messages.next().getField(contact));
            assertFalse(messages.hasNext());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            serve.close();
            feed.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
