package dev.sluice.standalone.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.inspector.BodySpec;
import dev.sluice.inspector.Finding;
import dev.sluice.inspector.InspectionLimits;
import dev.sluice.inspector.InspectionResult;
import dev.sluice.inspector.InspectionSession;
import dev.sluice.inspector.Inspector;
import dev.sluice.inspector.MediaKind;
import dev.sluice.inspector.ProtobufSpec;
import dev.sluice.matchers.Direction;
import dev.sluice.matchers.MatchEngine;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sluice scan}: inspects files exactly as the live path inspects bodies (streamed in
 * chunks — the manifest's {@code chunks} cuts when it has them) and prints one JSON line per
 * file in the format {@code shared/corpora/score_leaks.py} scores. A bad manifest line or a
 * missing file is reported on stderr and the other lines are still scanned. With
 * {@code --policy FILE} (and/or {@code --out DIR}) each body is also decided and written as
 * Sluice would forward it ({@link ScanRedaction}). The file {@code -} is standard input
 * ({@code curl … | sluice scan -}), read as an unlabelled body unless {@code --content-type} says.
 */
final class ScanCommand {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CHUNK = 16 * 1024;

    /** The name that stands for standard input. */
    static final String STDIN = "-";

    private final InputStream stdin;
    private final PrintStream out;
    private final PrintStream err;
    private final ProtobufSpecs schemas;
    private Inspector inspector;
    private ScanRedaction redaction;
    private boolean anyFinding;
    private boolean anyError;

    ScanCommand(InputStream stdin, PrintStream out, PrintStream err) {
        this.stdin = stdin;
        this.out = out;
        this.err = err;
        this.schemas = new ProtobufSpecs(err);
    }

    int run(String[] args) {
        String manifest = null;
        String base = null;
        String contentType = null;
        String contentEncoding = null;
        Direction direction = Direction.RESPONSE;
        String descriptorSet = null;
        String grpcMethod = null;
        String messageType = null;
        String policyFile = null;
        String outDir = null;
        String method = null;
        String host = null;
        String path = null;
        List<String> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            try {
                switch (a) {
                    case "--manifest" -> manifest = args[++i];
                    case "--base" -> base = args[++i];
                    case "--content-type" -> contentType = args[++i];
                    case "--content-encoding" -> contentEncoding = args[++i];
                    case "--direction" -> direction = Direction.fromLabel(args[++i]);
                    case "--descriptor-set" -> descriptorSet = args[++i];
                    case "--grpc-method" -> grpcMethod = args[++i];
                    case "--message-type" -> messageType = args[++i];
                    case "--no-schema" -> schemas.readSchemaLess();
                    case "--policy" -> policyFile = args[++i];
                    case "--out" -> outDir = args[++i];
                    case "--method" -> method = args[++i];
                    case "--host" -> host = args[++i];
                    case "--path" -> path = args[++i];
                    default -> {
                        if (a.startsWith("--")) {
                            err.println("sluice scan: unknown option " + a);
                            return 2;
                        }
                        files.add(a);
                    }
                }
            } catch (ArrayIndexOutOfBoundsException e) {
                err.println("sluice scan: " + a + " needs a value");
                return 2;
            } catch (IllegalArgumentException e) {
                err.println("sluice scan: " + e.getMessage());
                return 2;
            }
        }
        if (manifest == null && files.isEmpty()) {
            err.println("sluice scan: give --manifest LABELS.jsonl or one or more files (- for standard input)");
            return 2;
        }
        if (files.indexOf(STDIN) != files.lastIndexOf(STDIN)) {
            err.println("sluice scan: standard input (-) can be scanned once");
            return 2;
        }
        if (contentType != null && MediaKind.of(contentType) == MediaKind.RAW
                && !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/octet-stream")) {
            err.println("sluice scan: unknown content type '" + contentType
                    + "' (scanning as raw bytes); known: application/json, application/x-www-form-urlencoded, "
                    + "multipart/*, text/*, text/html, text/csv, application/xml, application/graphql, application/grpc, "
                    + "application/protobuf, application/cbor, application/msgpack");
            anyError = true;
        }
        boolean targeted = method != null || host != null || path != null;
        if (policyFile != null || outDir != null || targeted) {
            ScanRedaction.Target target;
            try {
                ScanRedaction.Target d = ScanRedaction.Target.DEFAULT;
                target = new ScanRedaction.Target(method != null ? method : d.method(), host != null ? host : d.host(),
                        path != null ? path : d.path());
            } catch (IllegalArgumentException e) {
                err.println("sluice scan: " + e.getMessage());
                return 2;
            }
            redaction = ScanRedaction.load(policyFile, outDir, target, err);
            if (redaction == null) {
                return 2;
            }
        }
        inspector = new Inspector(MatchEngine.builtin(), InspectionLimits.defaults());
        if (manifest != null) {
            scanManifest(Path.of(manifest), base);
        }
        for (String f : files) {
            String where = "sluice scan: " + f;
            // Without the options, the file's name says what it holds (page.html, users.json.gz).
            String type = contentType != null ? contentType : FileTypes.contentType(f);
            String coding = contentEncoding != null ? contentEncoding : FileTypes.contentEncoding(f);
            BodySpec spec = BodySpec.builder(direction).contentType(type).contentEncoding(coding)
                    .protobuf(schemas.resolve(where, descriptorSet == null ? null : Path.of(descriptorSet), grpcMethod,
                            messageType, direction, type))
                    .maxInspectedBytes(routeBound(grpcMethod, direction)).build();
            scanFile(f, f.equals(STDIN) ? null : Path.of(f), spec, null, grpcMethod);
        }
        return anyError || schemas.failed() ? 2 : anyFinding ? 1 : 0;
    }

    private void scanManifest(Path manifest, String base) {
        Path dir = base != null ? Path.of(base) : manifest.toAbsolutePath().getParent();
        List<String> lines;
        try {
            lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            err.println("sluice scan: manifest not found: " + manifest);
            anyError = true;
            return;
        } catch (IOException e) {
            err.println("sluice scan: cannot read manifest " + manifest + ": " + e.getMessage());
            anyError = true;
            return;
        }
        int n = 0;
        for (String line : lines) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode rec;
            try {
                rec = JSON.readTree(line);
            } catch (IOException e) {
                err.println("sluice scan: " + manifest + ":" + n + ": not a JSON object, skipped");
                anyError = true;
                continue;
            }
            if (!rec.isObject() || !rec.path("file").isTextual()) {
                err.println("sluice scan: " + manifest + ":" + n + ": no \"file\" field, skipped");
                anyError = true;
                continue;
            }
            String file = rec.get("file").asText();
            Direction direction;
            try {
                direction = rec.path("direction").isTextual() ? Direction.fromLabel(rec.get("direction").asText())
                        : Direction.RESPONSE;
            } catch (IllegalArgumentException e) {
                err.println("sluice scan: " + manifest + ":" + n + ": " + e.getMessage() + ", skipped");
                anyError = true;
                continue;
            }
            long[] chunks = null;
            if (rec.path("chunks").isArray()) {
                chunks = new long[rec.get("chunks").size()];
                for (int i = 0; i < chunks.length; i++) {
                    chunks[i] = rec.get("chunks").get(i).asLong();
                }
            }
            String ct = rec.path("content_type").isTextual() ? rec.get("content_type").asText() : null;
            String where = "sluice scan: " + manifest + ":" + n;
            ProtobufSpec protobuf = schemas.resolve(where,
                    rec.path("descriptor_set").isTextual() ? dir.resolve(rec.get("descriptor_set").asText()) : null,
                    text(rec, "grpc_method"), text(rec, "message_type"), direction, ct);
            BodySpec spec = BodySpec.builder(direction).contentType(ct).protobuf(protobuf)
                    .maxInspectedBytes(routeBound(text(rec, "grpc_method"), direction)).build();
            scanFile(file, dir.resolve(file), spec, chunks, text(rec, "grpc_method"));
        }
    }

    /** With a policy, the bound its route puts on the bytes inspected; else 0 (the inspector's). */
    private long routeBound(String grpcMethod, Direction direction) {
        return redaction == null ? 0 : redaction.maxInspectedBytes(grpcMethod, direction);
    }

    private static String text(JsonNode rec, String field) {
        return rec.path(field).isTextual() ? rec.get(field).asText() : null;
    }

    /** {@code path} null: standard input. */
    private void scanFile(String name, Path path, BodySpec spec, long[] cuts, String grpcMethod) {
        InspectionResult result;
        byte[] all = null;
        try (InputStream in = path == null ? unclosable(stdin) : Files.newInputStream(path);
             InspectionSession session = inspector.open(spec)) {
            if (cuts != null && cuts.length > 0 || redaction != null) {
                // A body that may be rewritten is read whole: the rewrite is a second pass over it.
                all = in.readAllBytes();
                cuts = cuts == null ? new long[0] : cuts;
                long prev = 0;
                for (long c : cuts) {
                    if (c > prev && c <= all.length) {
                        session.feed(all, (int) prev, (int) (c - prev));
                        prev = c;
                    }
                }
                session.feed(all, (int) prev, all.length - (int) prev);
            } else {
                byte[] buf = new byte[CHUNK];
                int r;
                while ((r = in.read(buf)) > 0) {
                    session.feed(buf, 0, r);
                }
            }
            result = session.finish();
        } catch (NoSuchFileException e) {
            err.println("sluice scan: file not found: " + path);
            anyError = true;
            return;
        } catch (IOException e) {
            err.println("sluice scan: cannot read " + (path == null ? "standard input" : path) + ": " + e.getMessage());
            anyError = true;
            return;
        }
        ObjectNode line = JSON.createObjectNode();
        line.put("file", name);
        ArrayNode arr = line.putArray("findings");
        for (Finding f : result.findings()) {
            ObjectNode o = arr.addObject();
            o.put("id", f.id());
            o.put("category", f.category().label());
            o.put("start", f.start());
            o.put("end", f.end());
            o.put("path", f.path());
            if (f.origin() != null) {
                o.put("mode", f.origin());
            }
            if (f.decodedOffsets()) {
                // Into the body as decoded (Content-Encoding, grpc-web-text's base64, UTF-16/32 or
                // EBCDIC read as UTF-8), not into the file's bytes.
                o.put("offsets", "decoded");
            }
            o.put("action", "alert");
        }
        if (result.outcome() != dev.sluice.inspector.Outcome.COMPLETE) {
            line.put("outcome", result.outcome().name());
        }
        if (redaction != null && !redaction.apply(inspector, name, spec, grpcMethod, all, result, line)) {
            anyError = true;
        }
        anyFinding |= !result.findings().isEmpty();
        out.println(line);
    }

    /** Standard input, left open when its scan ends. */
    private static InputStream unclosable(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public void close() {
            }
        };
    }
}
