package dev.sluice.standalone.serve;

import static dev.sluice.standalone.serve.ServeTests.awaitEvent;
import static dev.sluice.standalone.serve.ServeTests.finding;
import static dev.sluice.standalone.serve.ServeTests.hasFinding;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import dev.sluice.standalone.proxy.NoLeaks;
import dev.sluice.testing.ByteMutations;
import dev.sluice.testing.Mutants;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * gRPC unary calls through {@code sluice serve} (embedded default policy, enforce mode) with a
 * descriptor set configured: the method's types are resolved from {@code :path}, both bodies are
 * walked with their schema (findings carry field names, not numbers); the card number in the
 * answer reaches the grpc-java client masked, the rest of the message unchanged; a request that
 * carries an SQL injection is refused with {@code PERMISSION_DENIED} before the server sees it.
 */
@ExtendWith(NoLeaks.class)
class GrpcServeTest {
    private static final String CARD = "4012888888881881";
    private static final String DATASOURCE = "postgres://app:Vt8qLm2xRz5p@db.internal:5432/app";
    @TempDir
    static Path dir;
    private static ProfilesService server;
    private static ServeRuntime serve;
    private static ManagedChannel channel;
    private static Path events;
    private static final MethodDescriptor<DynamicMessage, DynamicMessage> get = ProfilesService.GET;
    private static final DynamicMessage profile = ProfilesService.profile("carol.diaz@fastmail.com", CARD);
    private static final DynamicMessage request = ProfilesService.request("user-7", "Sw0rdfish-Gr33n-42");
    /** A profile whose card field carries a document as base64, as a relay of another service's JSON would. */
    private static final String ENCODED_CARD = Base64.getEncoder().encodeToString(
            ("{\"card\":\"" + CARD + "\",\"exp\":\"12/29\"}").getBytes(StandardCharsets.UTF_8));

    @BeforeAll
    static void start() throws Exception {
        Path set = ProfilesService.writeDescriptorSet(dir.resolve("profiles.pb"));
        server = ProfilesService.start(req -> {
            if (req.getField(req.getDescriptorForType().findFieldByName("id")).equals("fail")) {
                throw Status.INTERNAL.withDescription("connect to " + DATASOURCE + " failed: timeout")
                        .asRuntimeException();
            }
            if (req.getField(req.getDescriptorForType().findFieldByName("id")).equals("relayed")) {
                return ProfilesService.profile("dan.ek@fastmail.com", ENCODED_CARD);
            }
            return profile;
        });
        events = dir.resolve("events.jsonl");
        serve = ServeRuntime.start(ServeTests.config("http://127.0.0.1:" + server.port(), events)
                        .descriptorSets(List.of(set)).build(), Map.of(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        channel = Grpc.newChannelBuilderForAddress("127.0.0.1", serve.proxyPort(), InsecureChannelCredentials.create())
                .build();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (serve != null) {
            serve.close();
        }
        server.close();
    }

    /**
     * gRPC calls written as raw HTTP/2 and broken at random (frame and message headers, HPACK,
     * the message's fields, the compressed flag): whatever arrives, the proxy must go on serving
     * real calls, and (the class's {@link NoLeaks}) leak no buffer. {@code -Dsluice.mutants=N}
     * runs a longer campaign.
     */
    @RepeatedTest(value = 40, name = "broken call {currentRepetition}")
    void brokenCallsLeaveTheProxyServing(RepetitionInfo info) {
        byte[] message = request.toByteArray();
        byte[] call = RawHttp2.conversation()
                .frame(RawHttp2.HEADERS, RawHttp2.END_HEADERS, 1, RawHttp2.headerBlock(true, "/demo.Profiles/Get",
                        RawHttp2.contentType("application/grpc"), RawHttp2.field("te", "trailers")))
                .frame(RawHttp2.DATA, RawHttp2.END_STREAM, 1, RawHttp2.concat(new byte[] {0, 0, 0, 0,
                        (byte) message.length}, message))
                .bytes();
        for (long seed : Mutants.seeds(0x97c0_0000L, info.getCurrentRepetition(), info.getTotalRepetitions(), 5)) {
            Random random = new Random(seed);
            RawHttp2.sendAndDrop(serve.proxyPort(), ByteMutations.mutate(random, call, GRPC_FRAGMENTS), 150);
        }
        if (info.getCurrentRepetition() % 10 == 0) {
            DynamicMessage back = ClientCalls.blockingUnaryCall(channel, get,
                    CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), request);
            assertTrue(back.getField(profile.getDescriptorForType().findFieldByName("card_number")).toString()
                    .endsWith("1881"));
        }
    }

    /** Bytes that mean something in a gRPC call: message headers, lengths, flags, field tags. */
    private static final List<byte[]> GRPC_FRAGMENTS = List.of(new byte[] {0, 0, 0, 0, 0}, new byte[] {1},
            new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}, new byte[] {0x0a}, new byte[] {0x12, 0x7f},
            new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}, new byte[] {0x0b},
            new byte[] {0, 0, 4, 3, 0, 0, 0, 0, 1, 0, 0, 0, 8}, new byte[] {0, 0, 0, 1, 1, 0, 0, 0, 3});

    /**
     * A failed call's message (grpc-java sends it percent-encoded in {@code grpc-message}, in the
     * trailers-only response that carries no message) is read decoded and masked in place.
     */
    @Test
    void aSecretInAFailedCallsMessageIsMasked() throws Exception {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
                channel, get, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                ProfilesService.request("fail", "")));
        assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
        assertEquals("connect to [REDACTED:basic_auth_url]/app failed: timeout", e.getStatus().getDescription());
        JsonNode event = awaitEvent(events, ev -> ev.path("direction").asText().equals("response")
                && hasFinding(ev, "basic_auth_url"));
        assertEquals("header:grpc-message", finding(event, "basic_auth_url").path("path").asText(), event.toString());
        assertFalse(Files.readString(events).contains("Vt8qLm2xRz5p"));
    }

    @Test
    void aUnaryCallIsInspectedWithItsSchemaAndItsCardIsMasked() throws Exception {
        DynamicMessage back = ClientCalls.blockingUnaryCall(channel, get, CallOptions.DEFAULT.withDeadlineAfter(10,
                TimeUnit.SECONDS), request);
        Descriptor type = profile.getDescriptorForType();
        assertEquals("carol.diaz@fastmail.com", back.getField(type.findFieldByName("email")));
        String card = (String) back.getField(type.findFieldByName("card_number"));
        assertNotEquals(CARD, card);
        assertTrue(card.endsWith("1881"), card);

        JsonNode response = awaitEvent(events, e -> e.path("direction").asText().equals("response")
                && hasFinding(e, "credit_card"));
        assertEquals("card_number", finding(response, "credit_card").path("path").asText());
        assertEquals("email", finding(response, "email").path("path").asText());
        assertEquals("/demo.Profiles/Get", response.path("path").asText());
        assertEquals("4012********1881", finding(response, "credit_card").path("preview").asText());

        JsonNode req = awaitEvent(events, e -> e.path("direction").asText().equals("request")
                && hasFinding(e, "password_field"));
        assertEquals("password", finding(req, "password_field").path("path").asText());
        assertFalse(Files.readString(events).contains(CARD));
        assertFalse(Files.readString(events).contains("Sw0rdfish"));
    }

    @Test
    void aCallCarryingAnAttackIsRefusedWithPermissionDenied() throws Exception {
        int before = server.calls();
        Descriptor type = request.getDescriptorForType();
        DynamicMessage attack = DynamicMessage.newBuilder(type)
                .setField(type.findFieldByName("id"), "7' UNION SELECT password FROM users--").build();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
                channel, get, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), attack));
        assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
        assertEquals(before, server.calls(), "the server saw a blocked call");
        JsonNode event = awaitEvent(events, ev -> ev.path("direction").asText().equals("request")
                && hasFinding(ev, "attack.sqli"));
        assertEquals("blocked", event.path("delivery").asText());
        assertTrue(e.getStatus().getDescription() == null
                || !e.getStatus().getDescription().contains("UNION"), e.getStatus().toString());
    }

    /**
     * A card inside base64 of JSON in a response's string is found under the field's path
     * continued by the document's and replaced whole by its mask (the message re-encoded with its
     * new length); an injection inside base64 of JSON in a request is refused before the server.
     */
    @Test
    void base64InAMessagesStringIsReadAsWhatItHolds() throws Exception {
        DynamicMessage back = ClientCalls.blockingUnaryCall(channel, get, CallOptions.DEFAULT.withDeadlineAfter(10,
                TimeUnit.SECONDS), ProfilesService.request("relayed", ""));
        Descriptor type = profile.getDescriptorForType();
        assertEquals("************1881", back.getField(type.findFieldByName("card_number")), "the base64 replaced whole");
        assertEquals("dan.ek@fastmail.com", back.getField(type.findFieldByName("email")));
        awaitEvent(events, e -> e.path("direction").asText().equals("response") && hasFinding(e, "credit_card")
                && finding(e, "credit_card").path("path").asText().equals("card_number.card"));

        int before = server.calls();
        String filter = Base64.getEncoder().encodeToString("{\"name\":\"x' OR '1'='1' --\"}"
                .getBytes(StandardCharsets.UTF_8));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
                channel, get, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                ProfilesService.request(filter, "")));
        assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
        assertEquals(before, server.calls(), "the server saw a blocked call");
        assertFalse(Files.readString(events).contains(ENCODED_CARD));
    }
}
