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
import dev.sluice.standalone.config.ProxyTimeout;
import dev.sluice.standalone.config.SluiceConfig;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bodies with no end in sight through {@code sluice serve} on a route that may block in both
 * directions, whose bodies are otherwise held for their verdict: feeds (server-sent events, NDJSON,
 * a Kubernetes watch, a followed log in JSON frames or plain text, Docker's events), a server-streaming and a bidirectional gRPC call. Held, their messages would wait for the stream's
 * end (for ever, in a bidirectional call); they stream instead, redacted as they pass: each side
 * sends its next message only after the other has received the last.
 */
class OpenEndedBodiesServeTest {
    static final String POLICY = """
            version: 1
            defaults:
              request:
                attack: block
              response:
                secret: block
                email: {action: redact, mask: fixed}
            """;

    /**
     * A feed over HTTP, known by its answer's type or by its request: its {@code first} piece is
     * written, then {@code second}, carrying an e-mail address, once the client has read the first
     * line.
     */
    record HttpFeed(String target, String contentType, String first, String second) {
        @Override
        public String toString() {
            return target + " " + contentType;
        }
    }

    static List<HttpFeed> httpFeeds() {
        return List.of(
                new HttpFeed("/feed", "text/event-stream", "data: {\"n\":1}\n\n",
                        "data: {\"n\":2,\"contact\":\"jane.doe@fastmail.com\"}\n\n"),
                // A model's answer, one JSON object a line (Ollama's /api/chat).
                new HttpFeed("/api/chat", "application/x-ndjson", "{\"n\":1,\"done\":false}\n",
                        "{\"n\":2,\"contact\":\"jane.doe@fastmail.com\",\"done\":true}\n"),
                // A Kubernetes watch: plain application/json, one event object after another.
                new HttpFeed("/api/v1/namespaces/shop/configmaps?watch=true&resourceVersion=10", "application/json",
                        "{\"type\":\"ADDED\",\"object\":{\"n\":1}}\n",
                        "{\"type\":\"MODIFIED\",\"object\":{\"contact\":\"jane.doe@fastmail.com\"}}\n"),
                // A followed log, one JSON frame after another (Nomad's /v1/client/fs/logs).
                new HttpFeed("/v1/client/fs/logs/5fc98185?task=web&type=stdout&follow=true", "application/json",
                        "{\"File\":\"alloc/logs/web.stdout.0\",\"Offset\":120}\n",
                        "{\"File\":\"alloc/logs/web.stdout.0\",\"Offset\":160,\"contact\":\"jane.doe@fastmail.com\"}\n"),
                // Docker's events: plain JSON, a feed by its path.
                new HttpFeed("/v1.43/events?since=1700000000", "application/json",
                        "{\"Type\":\"container\",\"Action\":\"start\"}\n",
                        "{\"Type\":\"container\",\"Action\":\"exec_create\",\"Actor\":{\"Attributes\":"
                                + "{\"execCommand\":\"notify jane.doe@fastmail.com\"}}}\n"),
                // A pod's log followed as plain text (kubectl logs -f): one text value that never
                // ends, released at each line break.
                new HttpFeed("/api/v1/namespaces/shop/pods/web-0/log?container=web&follow=true", "text/plain",
                        "2026-11-23T10:00:01.120Z GET /orders 200 12ms\n",
                        "2026-11-23T10:00:02.480Z signup contact=jane.doe@fastmail.com\n"));
    }

    @ParameterizedTest
    @MethodSource("httpFeeds")
    void aFeedStreamsOnARouteThatHoldsBodies(HttpFeed feed, @TempDir Path dir) throws Exception {
        CountDownLatch firstRead = new CountDownLatch(1);
        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        upstream.createContext("/", ex -> {
            ex.getResponseHeaders().add("content-type", feed.contentType());
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(feed.first().getBytes(StandardCharsets.UTF_8));
                out.flush();
                // A held feed would never get here: the client reads nothing until the body ends.
                if (firstRead.await(10, TimeUnit.SECONDS)) {
                    out.write(feed.second().getBytes(StandardCharsets.UTF_8));
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
                    ServeTests.proxyUrl(serve, feed.target()))).timeout(Duration.ofSeconds(5)).build(),
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
                assertEquals(feed.first().lines().findFirst().orElseThrow(), first, "the first piece before the feed goes on");
                firstRead.countDown();
                StringBuilder rest = new StringBuilder();
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    rest.append(line).append('\n');
                }
                assertFalse(rest.toString().contains("jane.doe@fastmail.com"), rest.toString());
                assertTrue(rest.toString().contains("[REDACTED:email]"), rest.toString());
            }
            String path = URI.create(feed.target()).getPath();
            JsonNode event = ServeTests.awaitEvent(dir.resolve("events.jsonl"),
                    e -> e.path("direction").asText().equals("response") && e.path("path").asText().startsWith(path));
            assertEquals("redacted", event.path("delivery").asText(), event.toString());
        } finally {
            ServeTests.stop(serve, upstream);
        }
    }

    /**
     * A feed's answer that declares its length (an NDJSON export, the log of a task that has ended,
     * asked for with {@code follow}) has its end in sight: it is held for its verdict like any
     * finite body, so a secret in its second line refuses it cleanly, with nothing of its first
     * line sent. Streamed, the client would get the 200 head and the first line, then a reset.
     */
    @ParameterizedTest
    @MethodSource("httpFeeds")
    void aFeedOfDeclaredLengthIsHeldForItsVerdict(HttpFeed feed, @TempDir Path dir) throws Exception {
        byte[] body = (feed.first() + feed.second().replace("jane.doe@fastmail.com",
                ResponseHeadServeTest.GITHUB_TOKEN)).getBytes(StandardCharsets.UTF_8);
        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        upstream.createContext("/", ex -> {
            ex.getResponseHeaders().add("content-type", feed.contentType());
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        upstream.start();
        ServeRuntime serve = ServeTests.serveWithPolicy(upstream, dir, POLICY);
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    ServeTests.proxyUrl(serve, feed.target()))).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(403, r.statusCode(), r.body());
            assertTrue(r.body().startsWith("{\"error\":\"blocked\""), r.body());
            String path = URI.create(feed.target()).getPath();
            JsonNode event = ServeTests.awaitEvent(dir.resolve("events.jsonl"),
                    e -> e.path("direction").asText().equals("response") && e.path("path").asText().startsWith(path));
            assertEquals("blocked", event.path("delivery").asText(), event.toString());
        } finally {
            ServeTests.stop(serve, upstream);
        }
    }

    /**
     * A feed may fall quiet for longer than the read timeout (here 1 s; a watch with nothing to
     * report, server-sent events between two events): once its head left, the proxy waits for its
     * next piece up to the stream idle timeout, so both pieces arrive after 2.5 s of quiet. A plain
     * answer that stalls as long mid-body still meets the read timeout.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/feed|text/event-stream|true", "/api/v1/pods?watch=true|application/json|true",
        "/orders|application/json|false"})
    void aFeedMayFallQuietForLongerThanTheReadTimeout(String spec, @TempDir Path dir) throws Exception {
        String[] f = spec.split("\\|");
        boolean feed = Boolean.parseBoolean(f[2]);
        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        upstream.createContext("/", ex -> {
            ex.getResponseHeaders().add("content-type", f[1]);
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                out.write("{\"n\":1}\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(2_500);
                out.write("{\"n\":2}\n".getBytes(StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        upstream.start();
        Path policy = Files.writeString(dir.resolve("policy.yaml"), POLICY);
        ServeRuntime serve = ServeTests.serveDefault(upstream.getAddress().getPort(), dir.resolve("events.jsonl"),
                b -> b.policyFile(policy).proxyTimeout(ProxyTimeout.READ, Duration.ofSeconds(1)));
        try {
            HttpRequest get = HttpRequest.newBuilder(URI.create(ServeTests.proxyUrl(serve, f[0])))
                    .timeout(Duration.ofSeconds(10)).build();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            if (feed) {
                HttpResponse<String> r = client.send(get, HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode());
                assertEquals("{\"n\":1}\n{\"n\":2}\n", r.body());
            } else {
                // Held for its verdict on this route, its head had not left: a clean 504.
                HttpResponse<String> r = client.send(get, HttpResponse.BodyHandlers.ofString());
                assertEquals(504, r.statusCode(), r.body());
            }
        } finally {
            ServeTests.stop(serve, upstream);
        }
    }

    /** {@code demo.Feed}: {@code Watch} streams its answers, {@code Chat} both ways; one string field. */
    record Feed(Path set, Descriptor type, FieldDescriptor contact,
                MethodDescriptor<DynamicMessage, DynamicMessage> watch,
                MethodDescriptor<DynamicMessage, DynamicMessage> chat) {
        static Feed writeTo(Path dir) throws Exception {
            FieldDescriptorProto.Builder text = FieldDescriptorProto.newBuilder().setNumber(1).setName("contact")
                    .setType(FieldDescriptorProto.Type.TYPE_STRING).setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL);
            MethodDescriptorProto.Builder method = MethodDescriptorProto.newBuilder().setInputType(".demo.Event")
                    .setOutputType(".demo.Event");
            FileDescriptorProto file = FileDescriptorProto.newBuilder().setName("demo/feed.proto").setPackage("demo")
                    .setSyntax("proto3").addMessageType(DescriptorProto.newBuilder().setName("Event").addField(text))
                    .addService(ServiceDescriptorProto.newBuilder().setName("Feed")
                            .addMethod(method.clone().setName("Watch").setServerStreaming(true))
                            .addMethod(method.clone().setName("Chat").setClientStreaming(true).setServerStreaming(true)))
                    .build();
            Path set = Files.write(dir.resolve("feed.pb"), FileDescriptorSet.newBuilder().addFile(file).build()
                    .toByteArray());
            Descriptor type = FileDescriptor.buildFrom(file, new FileDescriptor[0]).findMessageTypeByName("Event");
            return new Feed(set, type, type.findFieldByName("contact"),
                    method(type, "demo.Feed/Watch", MethodDescriptor.MethodType.SERVER_STREAMING),
                    method(type, "demo.Feed/Chat", MethodDescriptor.MethodType.BIDI_STREAMING));
        }

        private static MethodDescriptor<DynamicMessage, DynamicMessage> method(Descriptor type, String name,
                                                                              MethodDescriptor.MethodType kind) {
            return MethodDescriptor.<DynamicMessage, DynamicMessage>newBuilder().setType(kind).setFullMethodName(name)
                    .setRequestMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(type)))
                    .setResponseMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(type))).build();
        }

        DynamicMessage event(String contact) {
            return DynamicMessage.newBuilder(type).setField(this.contact, contact).build();
        }

        String contactOf(DynamicMessage m) {
            return (String) m.getField(contact);
        }
    }

    /**
     * A gRPC service of one {@code demo.Feed} method, {@code sluice serve} under {@link #POLICY} in
     * front of it (with the feed's schema or without), and a client channel to the proxy; closing
     * stops all three.
     */
    record FeedProxy(Server server, ServeRuntime serve, ManagedChannel channel) implements AutoCloseable {
        static FeedProxy start(Path dir, Feed feed, MethodDescriptor<DynamicMessage, DynamicMessage> method,
                               ServerCallHandler<DynamicMessage, DynamicMessage> handler, boolean schema)
                throws Exception {
            return start(dir, feed, method, handler, schema, UnaryOperator.identity());
        }

        /** The same, the proxy's configuration changed by {@code tune}. */
        static FeedProxy start(Path dir, Feed feed, MethodDescriptor<DynamicMessage, DynamicMessage> method,
                               ServerCallHandler<DynamicMessage, DynamicMessage> handler, boolean schema,
                               UnaryOperator<SluiceConfig.Builder> tune) throws Exception {
            Server server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                    .addService(ServerServiceDefinition.builder("demo.Feed").addMethod(method, handler).build())
                    .build().start();
            Path policy = Files.writeString(dir.resolve("policy.yaml"), POLICY);
            ServeRuntime serve = ServeTests.serveDefault(server.getPort(), dir.resolve("events.jsonl"),
                    b -> tune.apply(b.policyFile(policy).descriptorSets(schema ? List.of(feed.set()) : List.of())));
            return new FeedProxy(server, serve, Grpc.newChannelBuilderForAddress("127.0.0.1", serve.proxyPort(),
                    InsecureChannelCredentials.create()).build());
        }

        @Override
        public void close() throws InterruptedException {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            serve.close();
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /**
     * A server-streaming gRPC method (the service's schema says so) on the same route: its
     * messages stream as they come, the second sent only after the client has read the first.
     */
    @Test
    void aServerStreamingMethodStreamsOnARouteThatHoldsBodies(@TempDir Path dir) throws Exception {
        Feed feed = Feed.writeTo(dir);
        CountDownLatch firstRead = new CountDownLatch(1);
        ServerCallHandler<DynamicMessage, DynamicMessage> watch = ServerCalls.asyncServerStreamingCall((req, out) -> {
            out.onNext(feed.event("first"));
            try {
                if (firstRead.await(10, TimeUnit.SECONDS)) {
                    out.onNext(feed.event("jane.doe@fastmail.com"));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.onCompleted();
        });
        try (FeedProxy proxy = FeedProxy.start(dir, feed, feed.watch(), watch, true)) {
            Iterator<DynamicMessage> messages = ClientCalls.blockingServerStreamingCall(proxy.channel(), feed.watch(),
                    CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS), feed.event(""));
            DynamicMessage first = CompletableFuture.supplyAsync(messages::next).get(5, TimeUnit.SECONDS);
            assertEquals("first", feed.contactOf(first), "the first message before the stream goes on");
            firstRead.countDown();
            assertEquals("[REDACTED:email]", feed.contactOf(messages.next()));
            assertFalse(messages.hasNext());
        }
    }

    /**
     * A server stream quiet for longer than the read timeout (1 s here) between two messages: a
     * gRPC answer may fall quiet up to the stream idle timeout (its client's deadline bounds it),
     * so it is not reset.
     */
    @Test
    void aServerStreamMayFallQuietForLongerThanTheReadTimeout(@TempDir Path dir) throws Exception {
        Feed feed = Feed.writeTo(dir);
        ServerCallHandler<DynamicMessage, DynamicMessage> watch = ServerCalls.asyncServerStreamingCall((req, out) -> {
            out.onNext(feed.event("first"));
            try {
                Thread.sleep(2_500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.onNext(feed.event("second"));
            out.onCompleted();
        });
        try (FeedProxy proxy = FeedProxy.start(dir, feed, feed.watch(), watch, true,
                b -> b.proxyTimeout(ProxyTimeout.READ, Duration.ofSeconds(1)))) {
            Iterator<DynamicMessage> messages = ClientCalls.blockingServerStreamingCall(proxy.channel(), feed.watch(),
                    CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS), feed.event(""));
            assertEquals("first", feed.contactOf(messages.next()));
            assertEquals("second", feed.contactOf(messages.next()));
            assertFalse(messages.hasNext());
        }
    }

    /**
     * The same server stream as a browser calls it, over grpc-web (HTTP/1.1, the trailers a frame of
     * the body): the schema says the method streams its answers, so the answer streams too, frame
     * by frame, the second sent only after the client has read the first, read with the schema
     * (the finding names its field) and redacted.
     */
    @Test
    void aGrpcWebServerStreamStreamsOnARouteThatHoldsBodies(@TempDir Path dir) throws Exception {
        Feed feed = Feed.writeTo(dir);
        CountDownLatch firstRead = new CountDownLatch(1);
        HttpServer upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        upstream.createContext("/demo.Feed/Watch", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().add("content-type", "application/grpc-web+proto");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(ServeTests.grpcFrame(0, feed.event("first").toByteArray()));
                out.flush();
                // Held, the answer would reach the client only after this: the client reads nothing first.
                if (firstRead.await(10, TimeUnit.SECONDS)) {
                    out.write(ServeTests.grpcFrame(0, feed.event("jane.doe@fastmail.com").toByteArray()));
                }
                out.write(ServeTests.grpcFrame(0x80, "grpc-status:0\r\n".getBytes(StandardCharsets.US_ASCII)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        upstream.start();
        Path policy = Files.writeString(dir.resolve("policy.yaml"), POLICY);
        ServeRuntime serve = ServeTests.serveDefault(upstream.getAddress().getPort(), dir.resolve("events.jsonl"),
                b -> b.policyFile(policy).descriptorSets(List.of(feed.set())));
        try {
            HttpResponse<InputStream> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    ServeTests.proxyUrl(serve, "/demo.Feed/Watch"))).timeout(Duration.ofSeconds(5))
                    .header("content-type", "application/grpc-web+proto").header("x-grpc-web", "1")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(ServeTests.grpcFrame(0, feed.event("").toByteArray())))
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, r.statusCode());
            try (InputStream in = r.body()) {
                byte[] first = CompletableFuture.supplyAsync(() -> nextFrame(in)).get(5, TimeUnit.SECONDS);
                assertEquals("first", feed.contactOf(DynamicMessage.parseFrom(feed.type(), first)),
                        "the first message before the stream goes on");
                firstRead.countDown();
                assertEquals("[REDACTED:email]", feed.contactOf(DynamicMessage.parseFrom(feed.type(), nextFrame(in))));
                assertEquals("grpc-status:0\r\n", new String(nextFrame(in), StandardCharsets.US_ASCII));
            }
            JsonNode event = ServeTests.awaitEvent(dir.resolve("events.jsonl"),
                    e -> e.path("direction").asText().equals("response"));
            assertEquals("contact", event.path("findings").path(0).path("path").asText(),
                    "read with the method's schema: " + event);
        } finally {
            ServeTests.stop(serve, upstream);
        }
    }

    /** The payload of the next grpc-web frame of {@code in}. */
    private static byte[] nextFrame(InputStream in) {
        try {
            byte[] head = in.readNBytes(5);
            assertEquals(5, head.length, "a frame's head");
            int length = java.nio.ByteBuffer.wrap(head, 1, 4).getInt();
            byte[] payload = in.readNBytes(length);
            assertEquals(length, payload.length, "a frame's payload");
            return payload;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A bidirectional call, whose requests end only after its answers: held for a verdict at their
     * end, the requests would never reach the service and the call would wait for ever. Each
     * request reaches it as it is sent, and each answer the client as it is sent; with the
     * service's schema, and without one too (a gRPC request is then taken for a stream).
     */
    @ParameterizedTest(name = "schema known: {0}")
    @ValueSource(booleans = {true, false})
    void aBidirectionalCallTakesTurnsOnARouteThatHoldsBodies(boolean schema, @TempDir Path dir) throws Exception {
        Feed feed = Feed.writeTo(dir);
        List<String> received = new CopyOnWriteArrayList<>();
        ServerCallHandler<DynamicMessage, DynamicMessage> chat = ServerCalls.asyncBidiStreamingCall(
                out -> new StreamObserver<DynamicMessage>() {
                    @Override
                    public void onNext(DynamicMessage m) {
                        received.add(feed.contactOf(m));
                        out.onNext(feed.event("echo " + feed.contactOf(m))); // one answer per request
                    }

                    @Override
                    public void onError(Throwable t) {
                        out.onError(t);
                    }

                    @Override
                    public void onCompleted() {
                        out.onCompleted();
                    }
                });
        try (FeedProxy proxy = FeedProxy.start(dir, feed, feed.chat(), chat, schema)) {
            ManagedChannel channel = proxy.channel();
            BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
            StreamObserver<DynamicMessage> requests = chat(channel, feed, answers);
            requests.onNext(feed.event("hello"));
            assertEquals("echo hello", answers.poll(5, TimeUnit.SECONDS), "an answer before the requests end");
            requests.onNext(feed.event("jane.doe@fastmail.com"));
            assertEquals("echo [REDACTED:email]", answers.poll(5, TimeUnit.SECONDS));
            requests.onCompleted();
            assertEquals("end", answers.poll(5, TimeUnit.SECONDS));

            // An attack in a later request: the block rule takes it as it streams, the call is
            // ended, and the service never receives that request.
            BlockingQueue<Object> second = new LinkedBlockingQueue<>();
            StreamObserver<DynamicMessage> attacker = chat(channel, feed, second);
            attacker.onNext(feed.event("hi"));
            assertEquals("echo hi", second.poll(5, TimeUnit.SECONDS));
            attacker.onNext(feed.event("1' UNION SELECT password FROM users--"));
            Object ended = second.poll(5, TimeUnit.SECONDS);
            assertTrue(ended instanceof StatusRuntimeException, String.valueOf(ended));
            assertEquals(List.of("hello", "jane.doe@fastmail.com", "hi"), received);
            JsonNode event = ServeTests.awaitEvent(dir.resolve("events.jsonl"), e -> e.path("direction").asText()
                    .equals("request") && e.path("action").asText().equals("block"));
            assertEquals("attack.sqli", event.path("findings").get(0).path("id").asText(), event.toString());
        }
    }

    /**
     * A client's stream of requests quiet for longer than the idle timeout (1 s here) before the
     * service answers (it answers once, at the end, with what it received): waiting on a gRPC
     * client's next message, the proxy allows the stream idle timeout, as for a quiet answer.
     */
    @Test
    void aClientStreamMayFallQuietForLongerThanTheIdleTimeout(@TempDir Path dir) throws Exception {
        Feed feed = Feed.writeTo(dir);
        ServerCallHandler<DynamicMessage, DynamicMessage> chat = ServerCalls.asyncBidiStreamingCall(
                out -> new StreamObserver<DynamicMessage>() {
                    private final List<String> got = new CopyOnWriteArrayList<>();

                    @Override
                    public void onNext(DynamicMessage m) {
                        got.add(feed.contactOf(m));
                    }

                    @Override
                    public void onError(Throwable t) {
                        out.onError(t);
                    }

                    @Override
                    public void onCompleted() {
                        out.onNext(feed.event(String.join(",", got)));
                        out.onCompleted();
                    }
                });
        try (FeedProxy proxy = FeedProxy.start(dir, feed, feed.chat(), chat, true,
                b -> b.proxyTimeout(ProxyTimeout.IDLE, Duration.ofSeconds(1)))) {
            BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
            StreamObserver<DynamicMessage> requests = chat(proxy.channel(), feed, answers);
            requests.onNext(feed.event("one"));
            Thread.sleep(2_500);
            requests.onNext(feed.event("two"));
            requests.onCompleted();
            assertEquals("one,two", answers.poll(10, TimeUnit.SECONDS));
            assertEquals("end", answers.poll(5, TimeUnit.SECONDS));
        }
    }

    /** Opens a {@code Chat} call whose answers (their text), error or end go to {@code answers}. */
    private static StreamObserver<DynamicMessage> chat(ManagedChannel channel, Feed feed, BlockingQueue<Object> answers) {
        return ClientCalls.asyncBidiStreamingCall(
                channel.newCall(feed.chat(), CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS)),
                new StreamObserver<>() {
                    @Override
                    public void onNext(DynamicMessage m) {
                        answers.add(feed.contactOf(m));
                    }

                    @Override
                    public void onError(Throwable t) {
                        answers.add(t);
                    }

                    @Override
                    public void onCompleted() {
                        answers.add("end");
                    }
                });
    }
}
