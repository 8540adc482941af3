/**
 * JMH benchmarks of the inspection hot path, run over the leak-dev corpus: the bodies they
 * measure ({@link dev.sluice.bench.LeakDevCorpus}, {@link dev.sluice.bench.RepeatedJsonBody}),
 * the recorded matcher input that isolates the matchers ({@link dev.sluice.bench.ValueRecording}),
 * and the benchmarks themselves ({@link dev.sluice.bench.JsonInspectionBenchmark}).
 */
package dev.sluice.bench;
