package dev.sluice.bench.extproc;

import dev.sluice.standalone.config.EventsOutput;
import dev.sluice.standalone.config.HostPort;
import dev.sluice.standalone.config.SluiceConfig;
import dev.sluice.standalone.extproc.ExtProcRuntime;
import java.nio.file.Path;
import java.util.Map;

/**
 * Sluice's ext_proc server with the embedded default policy, events to {@code EVENTS}.
 * {@code SluiceExtProcServer PORT EVENTS}.
 */
public final class SluiceExtProcServer {
    private SluiceExtProcServer() {
    }

    public static void main(String[] args) throws Exception {
        SluiceConfig config = SluiceConfig.builder().extprocListen(new HostPort("127.0.0.1", Integer.parseInt(args[0])))
                .adminListen(new HostPort("127.0.0.1", 0)).events(EventsOutput.toFile(Path.of(args[1]))).build();
        ExtProcRuntime runtime = ExtProcRuntime.start(config, Map.of(), System.err);
        System.out.println("ready " + runtime.port());
        Thread.currentThread().join();
    }
}
