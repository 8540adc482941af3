/**
 * The request head as an application reads it: the target's path and query, cookies and
 * header values ({@code message/http}), so that attacks sent in a URL or a header are found as
 * those in a body are, and personal data or secrets that leak into URLs are reported.
 */
package dev.sluice.inspector.head;
