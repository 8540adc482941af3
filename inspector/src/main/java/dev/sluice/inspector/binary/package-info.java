/**
 * Self-describing binary documents, JSON's binary cousins: CBOR (RFC 8949) and MessagePack.
 * One streaming parser ({@link dev.sluice.inspector.binary.BinaryDocumentParser}) walks their
 * items and emits strings, byte strings and integers as values under their map keys, as the
 * JSON parser does; each format only says how its item headers are written
 * ({@link dev.sluice.inspector.binary.ItemFormat}).
 */
package dev.sluice.inspector.binary;
