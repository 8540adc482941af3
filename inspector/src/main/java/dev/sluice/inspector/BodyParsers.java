package dev.sluice.inspector;

import dev.sluice.inspector.form.FormBodyParser;
import dev.sluice.inspector.grpc.GrpcBodyParser;
import dev.sluice.inspector.json.JsonBodyParser;
import dev.sluice.inspector.multipart.MultipartBodyParser;
import dev.sluice.inspector.text.CsvBodyParser;
import dev.sluice.inspector.text.HtmlBodyParser;
import dev.sluice.inspector.text.TextBodyParser;

/**
 * Picks the parser for a content type. Nothing is ever skipped for being of an unknown type:
 * it is scanned raw, unless the front end says it carries protobuf messages of a known type.
 */
final class BodyParsers {
    private BodyParsers() {
    }

    static ByteSink open(ParserContext ctx, String contentType, long baseOffset, String name, int depth) {
        MediaKind kind = depth > ctx.limits().maxDepth() ? MediaKind.RAW : MediaKind.of(contentType);
        return switch (kind) {
            case JSON -> new JsonBodyParser(ctx, baseOffset, name, 0);
            case FORM -> new FormBodyParser(ctx, baseOffset, name);
            case MULTIPART -> MultipartBodyParser.forContentType(ctx, baseOffset, name, contentType, depth);
            case HTML -> new HtmlBodyParser(ctx, baseOffset, name);
            case CSV -> CsvBodyParser.forContentType(ctx, baseOffset, name, contentType);
            case GRPC, PROTOBUF -> new GrpcBodyParser(ctx, contentType, baseOffset);
            case RAW -> ctx.protobuf() != null && depth == 0
                    ? new GrpcBodyParser(ctx, contentType, baseOffset)
                    : new TextBodyParser(ctx, baseOffset, name);
            case TEXT -> new TextBodyParser(ctx, baseOffset, name);
        };
    }
}
