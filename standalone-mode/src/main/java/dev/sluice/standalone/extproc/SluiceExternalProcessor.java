package dev.sluice.standalone.extproc;

import dev.sluice.standalone.exchange.BodyReporter;
import dev.sluice.standalone.serve.SharedRuntime;
import io.envoyproxy.envoy.service.ext_proc.v3.ExternalProcessorGrpc;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingRequest;
import io.envoyproxy.envoy.service.ext_proc.v3.ProcessingResponse;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.ScheduledExecutorService;

/** The {@code ExternalProcessor} service: one {@link ProcessingStream} per {@code Process} call. */
final class SluiceExternalProcessor extends ExternalProcessorGrpc.ExternalProcessorImplBase {
    private final SharedRuntime runtime;
    private final BodyReporter reporter;
    private final ExtProcSettings settings;
    private final ScheduledExecutorService timer;

    SluiceExternalProcessor(SharedRuntime runtime, BodyReporter reporter, ExtProcSettings settings,
                            ScheduledExecutorService timer) {
        this.runtime = runtime;
        this.reporter = reporter;
        this.settings = settings;
        this.timer = timer;
    }

    @Override
    public StreamObserver<ProcessingRequest> process(StreamObserver<ProcessingResponse> responses) {
        ProcessingStream stream = new ProcessingStream(runtime, reporter, responses, settings);
        stream.watch(timer);
        return stream;
    }
}
