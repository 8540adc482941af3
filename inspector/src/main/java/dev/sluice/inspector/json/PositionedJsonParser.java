package dev.sluice.inspector.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.json.async.NonBlockingJsonParser;
import com.fasterxml.jackson.core.sym.ByteQuadsCanonicalizer;

/**
 * Jackson's non-blocking byte-array parser with the two input positions the JSON parser needs
 * per token readable as plain numbers. {@code currentLocation()} and
 * {@code currentTokenLocation()} build a {@code JsonLocation} each, twice per value; these
 * read the same fields.
 */
final class PositionedJsonParser extends NonBlockingJsonParser {
    private PositionedJsonParser(IOContext ctxt, int parserFeatures, ByteQuadsCanonicalizer names) {
        super(ctxt, parserFeatures, names);
    }

    /** Input offset of the byte after the last one consumed: the end of the token just returned. */
    long inputOffset() {
        return _currInputProcessed + (_inputPtr - _currBufferStart);
    }

    /**
     * Input offset Jackson records for the token just returned: its first byte, except for a
     * string (the first content byte, after the quote) and a number (one past its first byte).
     */
    long tokenOffset() {
        return _tokenInputTotal;
    }

    /** Makes parsers as {@link JsonFactory#createNonBlockingByteArrayParser()} does, of this class. */
    static final class Factory extends JsonFactory {
        private static final long serialVersionUID = 1L;

        Factory(JsonFactoryBuilder builder) {
            super(builder);
        }

        PositionedJsonParser create() {
            return new PositionedJsonParser(_createNonBlockingContext(null), _parserFeatures,
                    _byteSymbolCanonicalizer.makeChildOrPlaceholder(_factoryFeatures));
        }
    }
}
