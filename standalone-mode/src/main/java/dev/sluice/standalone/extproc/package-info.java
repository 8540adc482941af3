/**
 * {@code sluice extproc}: Envoy's external processing service ({@code envoy.service.ext_proc.v3.ExternalProcessor})
 * as a thin adapter over the inspector and the policy. One gRPC stream is one HTTP exchange;
 * {@link dev.sluice.standalone.extproc.ProcessingStream} checks the order of Envoy's messages per
 * direction and answers each as its processing mode requires, {@link dev.sluice.standalone.extproc.BodyFlow}
 * inspects (and rewrites) one body, {@link dev.sluice.standalone.extproc.Replies} builds the answers.
 */
package dev.sluice.standalone.extproc;
