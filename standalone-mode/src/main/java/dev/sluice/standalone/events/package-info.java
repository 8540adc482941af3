/**
 * The event log: one JSON line per inspected exchange with findings, and per block.
 * {@link dev.sluice.standalone.events.ExchangeEvent} is the immutable event, built so that a raw
 * value or token cannot be put into it (findings carry only a keyed hash and a masked preview,
 * the token only a {@link dev.sluice.policy.identity.TokenIdentity}, the path no query);
 * {@link dev.sluice.standalone.events.EventWriter} writes events from one thread through a
 * bounded queue, dropping (and counting) rather than ever making the data path wait.
 * {@code standalone-mode/EVENTS.md} describes the format.
 */
package dev.sluice.standalone.events;
