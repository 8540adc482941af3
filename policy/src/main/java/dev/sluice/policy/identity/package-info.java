/**
 * Who is talking: the source service (from Envoy's {@code x-forwarded-client-cert}, a SPIFFE
 * URI SAN, configured headers or the peer address), the destination service (configuration or
 * the pod's environment), and the token identity (a JWT claim, or a keyed hash of an opaque
 * token). The raw token never leaves {@link dev.sluice.policy.identity.TokenIdentityExtractor}.
 * Names bound for metrics pass through {@link dev.sluice.policy.identity.BoundedNames}.
 */
package dev.sluice.policy.identity;
