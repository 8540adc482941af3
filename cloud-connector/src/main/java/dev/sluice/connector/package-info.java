/**
 * The optional link to a central console: a durable spool of event lines, their upload with
 * backoff, and the console's policy brought into the policy file Sluice reloads. See
 * {@link dev.sluice.connector.ConsoleConnector}.
 */
package dev.sluice.connector;
