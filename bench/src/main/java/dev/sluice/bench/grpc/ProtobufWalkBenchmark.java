package dev.sluice.bench.grpc;

import dev.sluice.inspector.BodySpec;
import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.InspectionSession;
import dev.sluice.inspector.Inspector;
import dev.sluice.inspector.ProtobufSpec;
import dev.sluice.matchers.Direction;
import dev.sluice.matchers.MatchEngine;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import com.google.protobuf.WireFormat;
import dev.sluice.grpc.descriptor.DescriptorRegistry;
import dev.sluice.grpc.frame.FrameError;
import dev.sluice.grpc.frame.FrameListener;
import dev.sluice.grpc.frame.GrpcFrameDecoder;
import dev.sluice.grpc.frame.GrpcMessage;
import dev.sluice.grpc.walk.FieldPath;
import dev.sluice.grpc.walk.ProtobufWalker;
import dev.sluice.grpc.walk.ValueKind;
import dev.sluice.grpc.walk.ValueVisitor;
import dev.sluice.grpc.walk.WalkMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Walking every protobuf message of the leak-dev corpus (the 133 gRPC and protobuf documents,
 * one operation = all their messages): Sluice's descriptor-driven walker and its schema-less
 * walker, against protobuf-java's {@code DynamicMessage.parseFrom} (alone, and followed by a
 * visit of every string and bytes field, which is what inspection needs), and against a
 * descriptor-driven skim over {@code CodedInputStream} (the reference reader, no paths).
 *
 * <p>Run from the repository root (the corpus is read from {@code ../shared}, or
 * {@code -Dsluice.shared=DIR}):
 * <pre>
 * mvn -B -ntp -q -pl bench -am package -DskipTests
 * java -jar bench/target/benchmarks.jar ProtobufWalkBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "--enable-native-access=ALL-UNNAMED"})
public class ProtobufWalkBenchmark {
    private static final Pattern FILE = Pattern.compile("\"file\": \"([^\"]+)\"");
    private static final Pattern TYPE = Pattern.compile("\"message_type\": \"([^\"]+)\"");
    private static final Pattern CONTENT_TYPE = Pattern.compile("\"content_type\": \"([^\"]+)\"");

    private byte[][] messages;
    private Descriptor[] types;
    private ProtobufWalker walker;
    private final LengthSum visitor = new LengthSum();
    private Inspector inspector;
    private BodySpec[] schemaSpecs;
    private BodySpec schemalessSpec;

    @Setup
    public void load() throws Exception {
        Path corpus = Path.of(System.getProperty("sluice.shared", "../shared"), "corpora", "leak-dev");
        DescriptorRegistry registry = DescriptorRegistry.builder().addFile(corpus.resolve("proto/leak_dev.desc")).build();
        List<byte[]> msgs = new ArrayList<>();
        List<Descriptor> descs = new ArrayList<>();
        for (String line : Files.readAllLines(corpus.resolve("labels.jsonl"))) {
            String ct = group(CONTENT_TYPE, line);
            String type = group(TYPE, line);
            if (type == null || !(ct.contains("grpc") || ct.contains("protobuf") || ct.equals("application/octet-stream"))) {
                continue;
            }
            Descriptor d = registry.find(type).orElseThrow();
            byte[] body = Files.readAllBytes(corpus.resolve(group(FILE, line)));
            for (byte[] m : ct.contains("grpc") ? frames(body) : List.of(body)) {
                msgs.add(m);
                descs.add(d);
            }
        }
        messages = msgs.toArray(new byte[0][]);
        types = descs.toArray(new Descriptor[0]);
        walker = ProtobufWalker.builder().lookup(registry).build();
        inspector = new Inspector(MatchEngine.builtin(), InspectionLimits.defaults());
        schemaSpecs = new BodySpec[types.length];
        for (int i = 0; i < types.length; i++) {
            schemaSpecs[i] = BodySpec.builder(Direction.RESPONSE).contentType("application/x-protobuf")
                    .protobuf(ProtobufSpec.of(types[i], registry)).build();
        }
        schemalessSpec = BodySpec.builder(Direction.RESPONSE).contentType("application/x-protobuf")
                .protobuf(ProtobufSpec.schemaless()).build();
    }

    /** Full inspection (walk + Hyperscan + validators), one session per message as a raw protobuf body. */
    @Benchmark
    public long schemaInspection() {
        long n = 0;
        for (int i = 0; i < messages.length; i++) {
            try (InspectionSession s = inspector.open(schemaSpecs[i])) {
                s.feed(messages[i], 0, messages[i].length);
                n += s.finish().findings().size();
            }
        }
        return n;
    }

    /** The same without descriptors: the schema-less walker decides what is text. */
    @Benchmark
    public long schemalessInspection() {
        long n = 0;
        for (byte[] m : messages) {
            try (InspectionSession s = inspector.open(schemalessSpec)) {
                s.feed(m, 0, m.length);
                n += s.finish().findings().size();
            }
        }
        return n;
    }

    @Benchmark
    public long schemaWalker() {
        visitor.sum = 0;
        for (int i = 0; i < messages.length; i++) {
            walker.walk(types[i], messages[i], 0, messages[i].length, 0, visitor);
        }
        return visitor.sum;
    }

    @Benchmark
    public long schemalessWalker() {
        visitor.sum = 0;
        for (byte[] m : messages) {
            walker.walk(null, m, 0, m.length, 0, visitor);
        }
        return visitor.sum;
    }

    @Benchmark
    public long dynamicMessageParse() throws IOException {
        long n = 0;
        for (int i = 0; i < messages.length; i++) {
            n += DynamicMessage.parseFrom(types[i], messages[i]).getAllFields().size();
        }
        return n;
    }

    @Benchmark
    public long dynamicMessageParseAndVisit() throws IOException {
        long n = 0;
        for (int i = 0; i < messages.length; i++) {
            n += visit(DynamicMessage.parseFrom(types[i], messages[i]));
        }
        return n;
    }

    @Benchmark
    public long codedInputStreamSkim() throws IOException {
        long n = 0;
        for (int i = 0; i < messages.length; i++) {
            n += skim(CodedInputStream.newInstance(messages[i]), types[i], 0);
        }
        return n;
    }

    /** Sum of string and bytes lengths, visiting every field of a parsed message. */
    private static long visit(Message m) {
        long n = 0;
        for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
            FieldDescriptor f = e.getKey();
            for (Object v : f.isRepeated() ? (List<?>) e.getValue() : List.of(e.getValue())) {
                n += switch (f.getJavaType()) {
                    case STRING -> ((String) v).length();
                    case BYTE_STRING -> ((com.google.protobuf.ByteString) v).size();
                    case MESSAGE -> visit((Message) v);
                    default -> 0;
                };
            }
        }
        return n;
    }

    /** Sum of string and bytes lengths, reading by descriptor with CodedInputStream (no paths, no Any). */
    private static long skim(CodedInputStream in, Descriptor type, int depth) throws IOException {
        long n = 0;
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                return n;
            }
            FieldDescriptor f = type.findFieldByNumber(WireFormat.getTagFieldNumber(tag));
            if (f == null || WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                in.skipField(tag);
            } else if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                int limit = in.pushLimit(in.readRawVarint32());
                n += skim(in, f.getMessageType(), depth + 1);
                in.popLimit(limit);
            } else if (f.getJavaType() == FieldDescriptor.JavaType.STRING
                    || f.getJavaType() == FieldDescriptor.JavaType.BYTE_STRING) {
                int len = in.readRawVarint32();
                in.skipRawBytes(len);
                n += len;
            } else {
                in.skipField(tag);
            }
        }
    }

    private static List<byte[]> frames(byte[] body) {
        List<byte[]> out = new ArrayList<>();
        GrpcFrameDecoder d = GrpcFrameDecoder.builder().listener(new FrameListener() {
            @Override
            public void message(byte[] buf, int off, int len, GrpcMessage message) {
                out.add(Arrays.copyOfRange(buf, off, off + len));
            }

            @Override
            public void error(FrameError error, long bodyOffset) {
                throw new IllegalStateException("corpus frame error " + error);
            }
        }).build();
        d.write(body, 0, body.length);
        d.end();
        return out;
    }

    private static String group(Pattern p, String line) {
        Matcher m = p.matcher(line);
        return m.find() ? m.group(1) : null;
    }

    /** Sums value lengths; touches the path as an inspector would (its key, without building a String). */
    private static final class LengthSum implements ValueVisitor {
        long sum;

        @Override
        public void value(FieldPath path, String key, ValueKind kind, WalkMode mode,
                          byte[] buf, int off, int len, long bodyOffset) {
            sum += len + path.length() + (key == null ? 0 : 1);
        }
    }
}
