/**
 * The {@code application/x-www-form-urlencoded} body parser: splits {@code k=v&k2=v2} fields
 * and percent-decodes their values onto a {@link dev.sluice.matchers.ValueSink} with exact wire
 * offsets, streaming values of any length. Query strings use the same parser.
 */
package dev.sluice.inspector.form;
