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
    /** Chars of a string's text past which it is forgotten once returned: two of Jackson's largest segments. */
    private static final int LONG_TEXT = 128 * 1024;

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

    /**
     * Forgets the text of the string just returned when it is long: Jackson keeps a token's chars
     * until the next string starts, which may be never (a body that stalls after its one large
     * value). The parser's callers read strings from the raw bytes, never through Jackson's text,
     * so nothing reads it afterwards. One segment of at most 64 Ki chars stays for reuse.
     */
    void forgetLongText() {
        if (_textBuffer.size() > LONG_TEXT) {
            _textBuffer.resetWithEmpty();
        }
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
