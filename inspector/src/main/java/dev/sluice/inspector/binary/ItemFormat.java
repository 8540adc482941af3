package dev.sluice.inspector.binary;

/** How a binary format writes its item headers; everything else is {@link BinaryDocumentParser}'s. */
interface ItemFormat {
    /** The format's name, for outcomes ({@code CBOR}). */
    String name();

    /** How many bytes the header that opens with {@code first} takes (1 to 9), or -1 when no header opens so. */
    int headerLength(int first);

    /** Decodes a whole header of {@link #headerLength} bytes into {@code out}. */
    void decode(byte[] header, ItemHeader out);
}
