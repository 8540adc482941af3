/**
 * The {@code multipart/*} body parser (RFC 2046 §5.1, RFC 7578 for {@code multipart/form-data}):
 * finds delimiter lines across any chunking, reads bounded part headers, and streams each part
 * body to the parser its own Content-Type selects, through {@link
 * dev.sluice.inspector.ParserContext#open}.
 */
package dev.sluice.inspector.multipart;
