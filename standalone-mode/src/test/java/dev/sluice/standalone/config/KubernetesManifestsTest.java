package dev.sluice.standalone.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sluice.policy.yaml.LoadResult;
import dev.sluice.policy.yaml.PolicyLoader;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code deploy/kubernetes}, checked without a cluster: every document is read into Kubernetes'
 * API types (fabric8's model; a field the API does not have fails), and the Sluice container is
 * checked against Sluice itself: its command, its variables, the {@code sluice.yaml} of its
 * ConfigMap (loaded by {@link SluiceConfigLoader}, with the container's environment), the policy
 * of its ConfigMap (loaded by {@link PolicyLoader}; the same bytes as the embedded default), the
 * files those name (mounted), the probes and ports (Sluice's admin and proxy addresses), and the
 * Services and NetworkPolicies (their ports exist on the pods they select).
 */
class KubernetesManifestsTest {
    static final Path DIR = Path.of("..", "deploy", "kubernetes");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    /** Variables Sluice reads beyond its settings (CONFIG.md, "Other variables"). */
    static final Set<String> OTHER_VARIABLES = Set.of("SLUICE_CONFIG", "SLUICE_SERVICE_NAME", "POD_NAME",
            "POD_NAMESPACE", "SERVICE_ACCOUNT");

    /** The documents of one file, by kind. */
    record Manifests(List<ConfigMap> configMaps, List<Deployment> deployments, List<Service> services,
                     List<NetworkPolicy> networkPolicies) {
        ConfigMap configMap(String name) {
            return configMaps.stream().filter(c -> c.getMetadata().getName().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no ConfigMap " + name));
        }
    }

    static Manifests read(String file) throws Exception {
        Manifests m = new Manifests(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        try (var parser = YAML.getFactory().createParser(DIR.resolve(file).toFile())) {
            for (JsonNode doc : YAML.readValues(parser, JsonNode.class).readAll()) {
                switch (doc.path("kind").asText()) {
                    case "ConfigMap" -> m.configMaps.add(typed(doc, ConfigMap.class));
                    case "Deployment" -> m.deployments.add(typed(doc, Deployment.class));
                    case "Service" -> m.services.add(typed(doc, Service.class));
                    case "NetworkPolicy" -> m.networkPolicies.add(typed(doc, NetworkPolicy.class));
                    default -> fail(file + ": unexpected kind " + doc.path("kind"));
                }
            }
        }
        return m;
    }

    /** {@code doc} as {@code type}; a field Kubernetes' API does not have fails (fabric8 keeps them aside). */
    static <T> T typed(JsonNode doc, Class<T> type) throws Exception {
        T value = YAML.treeToValue(doc, type);
        List<String> unknown = new ArrayList<>();
        unknownFields(value, type.getSimpleName(), unknown, new IdentityHashMap<>());
        assertEquals(List.of(), unknown, "fields Kubernetes' " + type.getSimpleName() + " does not have");
        return value;
    }

    private static void unknownFields(Object o, String where, List<String> out, Map<Object, Boolean> seen)
            throws Exception {
        if (o == null || seen.put(o, Boolean.TRUE) != null) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                unknownFields(e, where + "[" + i++ + "]", out, seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> map) {
            for (var e : map.entrySet()) {
                unknownFields(e.getValue(), where + "." + e.getKey(), out, seen);
            }
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || !m.getName().startsWith("get") || m.getName().equals("getClass")) {
                continue;
            }
            Object v = m.invoke(o);
            if (m.getName().equals("getAdditionalProperties")) {
                if (v instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    out.add(where + ": " + extra.keySet());
                }
            } else {
                unknownFields(v, where + "." + m.getName().substring(3), out, seen);
            }
        }
    }

    static Container container(PodSpec pod, String name) {
        return pod.getContainers().stream().filter(c -> c.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + name));
    }

    /** The ConfigMap or Secret mounted at the folder of {@code file}, and the key {@code file} names in it. */
    static Volume volumeHolding(PodSpec pod, Container c, Path file) {
        for (VolumeMount mount : c.getVolumeMounts()) {
            if (file.getParent().equals(Path.of(mount.getMountPath()))) {
                return pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst()
                        .orElseThrow(() -> new AssertionError("mount of an undeclared volume " + mount.getName()));
            }
        }
        throw new AssertionError(file + " is not in a mounted volume of " + c.getName());
    }

    static int port(Container c, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return c.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName())).map(ContainerPort::getContainerPort)
                .findFirst().orElseThrow(() -> new AssertionError("no port named " + port.getStrVal()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sidecar.yaml", "service-layer.yaml"})
    void theSluiceContainerRunsWithAConfigurationSluiceLoads(String file) throws Exception {
        Manifests m = read(file);
        List<PodSpec> running = m.deployments().stream().map(d -> d.getSpec().getTemplate().getSpec())
                .filter(p -> p.getContainers().stream().anyMatch(c -> c.getName().equals("sluice"))).toList();
        assertEquals(1, running.size(), "one Deployment runs Sluice");
        PodSpec pod = running.getFirst();
        Container sluice = container(pod, "sluice");

        List<String> args = sluice.getArgs();
        assertTrue(Set.of("serve", "extproc", "spoe").contains(args.getFirst()), "command " + args);
        assertEquals("--config", args.get(1));
        Path configFile = Path.of(args.get(2));

        Set<String> known = new java.util.HashSet<>(OTHER_VARIABLES);
        for (Setting s : Setting.values()) {
            if (s.env() != null) {
                known.add(s.env());
            }
        }
        Map<String, String> env = new HashMap<>();
        for (EnvVar v : sluice.getEnv()) {
            assertTrue(known.contains(v.getName()), "Sluice reads no variable " + v.getName());
            env.put(v.getName(), v.getValue() != null ? v.getValue() : "from-" + v.getValueFrom().getFieldRef()
                    .getFieldPath());
        }

        Volume configVolume = volumeHolding(pod, sluice, configFile);
        assertNotNull(configVolume.getConfigMap(), "sluice.yaml comes from a ConfigMap");
        String yaml = m.configMap(configVolume.getConfigMap().getName()).getData()
                .get(configFile.getFileName().toString());
        assertNotNull(yaml, "the ConfigMap holds " + configFile.getFileName());
        SluiceConfig config = SluiceConfigLoader.load(yaml, "sluice.yaml", configFile.getParent(), env);
        assertTrue(config.backend().isPresent(), "the proxy has a backend");

        Path policyFile = config.policyFile().orElseThrow();
        Volume policyVolume = volumeHolding(pod, sluice, policyFile);
        String policy = m.configMap(policyVolume.getConfigMap().getName()).getData()
                .get(policyFile.getFileName().toString());
        LoadResult loaded = PolicyLoader.builder().build().parse(policy, "policy.yaml");
        assertTrue(loaded.ok(), PolicyLoader.format("policy.yaml", loaded.errors()));
        assertEquals(Files.readString(Path.of("..", "deploy", "policies", "default.yaml")), policy,
                "the ConfigMap's policy is deploy/policies/default.yaml");

        Path hashKey = config.hashKeyFile().orElseThrow(() -> new AssertionError("replicas need one hash key"));
        assertNotNull(volumeHolding(pod, sluice, hashKey).getSecret(), "the hash key comes from a Secret");

        // The kubelet probes the pod address: the admin endpoint must listen there, as written in the file.
        assertTrue(config.adminAllowNonLoopback() && !config.adminListen().isLoopback());
        assertEquals("/readyz", sluice.getReadinessProbe().getHttpGet().getPath());
        assertEquals("/healthz", sluice.getLivenessProbe().getHttpGet().getPath());
        assertEquals(config.adminListen().port(), port(sluice, sluice.getReadinessProbe().getHttpGet().getPort()));
        assertEquals(config.adminListen().port(), port(sluice, sluice.getLivenessProbe().getHttpGet().getPort()));
        assertEquals(config.proxyListen().port(), port(sluice, new IntOrString("http")));
        assertEquals(Boolean.TRUE, sluice.getSecurityContext().getReadOnlyRootFilesystem());
        assertTrue(sluice.getVolumeMounts().stream().anyMatch(v -> v.getMountPath().equals("/tmp")),
                "native libraries are unpacked under /tmp: it must be writable");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sidecar.yaml", "service-layer.yaml"})
    void servicesAndNetworkPoliciesPointAtPortsTheSelectedPodsHave(String file) throws Exception {
        Manifests m = read(file);
        int checked = 0;
        for (Service s : m.services()) {
            List<PodSpec> pods = podsSelectedBy(m, s.getSpec().getSelector());
            if (pods.isEmpty()) {
                continue; // the app's own pods, declared by the user (service-layer.yaml's orders-backend)
            }
            assertEquals(1, pods.size(), "Service " + s.getMetadata().getName() + " selects one Deployment's pods");
            checked++;
            for (var p : s.getSpec().getPorts()) {
                assertTrue(pods.getFirst().getContainers().stream().anyMatch(c -> hasPort(c, p.getTargetPort())),
                        "Service " + s.getMetadata().getName() + " targets a port its pods do not have");
            }
        }
        assertTrue(checked >= 1, "a Service leads to Sluice");
        for (NetworkPolicy np : m.networkPolicies()) {
            List<PodSpec> pods = podsSelectedBy(m, np.getSpec().getPodSelector().getMatchLabels());
            if (pods.isEmpty()) {
                continue; // the app's own pods, declared by the user
            }
            for (NetworkPolicyIngressRule rule : np.getSpec().getIngress()) {
                for (NetworkPolicyPort p : rule.getPorts()) {
                    assertTrue(pods.getFirst().getContainers().stream().anyMatch(c -> hasPort(c, p.getPort())),
                            "NetworkPolicy " + np.getMetadata().getName() + " opens a port no container has");
                }
            }
        }
    }

    private static List<PodSpec> podsSelectedBy(Manifests m, Map<String, String> selector) {
        List<PodSpec> out = new ArrayList<>();
        for (Deployment d : m.deployments()) {
            if (d.getSpec().getTemplate().getMetadata().getLabels().entrySet().containsAll(selector.entrySet())) {
                out.add(d.getSpec().getTemplate().getSpec());
            }
        }
        return out;
    }

    private static boolean hasPort(Container c, IntOrString port) {
        return c.getPorts() != null && c.getPorts().stream().anyMatch(p -> port.getIntVal() != null
                ? port.getIntVal().equals(p.getContainerPort()) : port.getStrVal().equals(p.getName()));
    }

    @org.junit.jupiter.api.Test
    void aFieldKubernetesDoesNotHaveFailsTheCheck() {
        AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> typed(
                YAML.readTree("{apiVersion: v1, kind: Service, metadata: {name: x}, spec: {selectr: {app: x}}}"),
                Service.class));
        assertTrue(e.getMessage().contains("selectr"), e.getMessage());
    }
}
