/**
 * Body parsers for text-like bodies: the whole-body text value ({@link
 * dev.sluice.inspector.text.TextBodyParser}, also the raw fallback for binary and unknown types
 * through {@link dev.sluice.inspector.text.RawBodyParser}), the markup tokenizer ({@link
 * dev.sluice.inspector.text.MarkupBodyParser}) that turns HTML text nodes, attribute values,
 * comments and script into labelled values and XML elements into keyed values with element paths
 * ({@link dev.sluice.inspector.text.ElementPath}), and the CSV reader ({@link dev.sluice.inspector.text.CsvBodyParser})
 * that keys every cell by its column header.
 */
package dev.sluice.inspector.text;
