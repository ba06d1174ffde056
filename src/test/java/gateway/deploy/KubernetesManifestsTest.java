package gateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import gateway.support.NeedsTools;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Renders each kustomize overlay under {@code k8s/} with {@code kubectl kustomize}, reads every object with
 * fabric8's Kubernetes model, and checks what running the gateway safely depends on. Kinds the model does not know
 * (the Prometheus Operator's) come back as {@link GenericKubernetesResource}.
 */
@NeedsTools // kubectl
class KubernetesManifestsTest {

    private static final Path REPO = Path.of("").toAbsolutePath();
    private static final Path K8S = REPO.resolve("k8s");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Map<String, Manifests> RENDERED = new ConcurrentHashMap<>();

    private static final String NAME_LABEL = "app.kubernetes.io/name";
    private static final String GATEWAY = "upscale-gateway";
    private static final String SECRET_NAME = "upscale-gateway-tenants";
    private static final String SECRET_DIR = "/etc/upscale-gateway/secret";
    private static final String TENANTS_FILE = "tenants.properties";
    private static final int HTTP_PORT = 8080;
    private static final int MANAGEMENT_PORT = 9000;
    /** Anything an Apiframe key, a tenant key or its digest could look like. */
    private static final Pattern KEY_LIKE = Pattern.compile("afk_|\\b[0-9a-fA-F]{64}\\b|key-sha256|apiframe-key");
    private static final Pattern KEY_LIKE_NAME = Pattern.compile("(?i)key|secret|token|password|credential");
    private static final Pattern APIFRAME_KEY = Pattern.compile("afk_[A-Za-z0-9_\\-]*");
    private static final Pattern CLEARLY_FAKE = Pattern.compile("(?i)fake|example|demo");

    // ---- invariants of every overlay ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "dev", "prod" })
    void rendersTheGatewayObjectsAllLabelledWithItsName(String overlay) {
        Manifests manifests = overlay(overlay);

        assertThat(manifests.objects()).extracting(HasMetadata::getKind)
                .contains("ServiceAccount", "ConfigMap", "Service", "Deployment", "PodDisruptionBudget",
                        "HorizontalPodAutoscaler", "NetworkPolicy");
        assertThat(manifests.objects()).allSatisfy(object -> assertThat(object.getMetadata().getLabels())
                .as("labels of %s %s", object.getKind(), object.getMetadata().getName())
                .containsEntry(NAME_LABEL, GATEWAY));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "dev", "prod" })
    void replacesThePlaceholderImageWithATaggedOne(String overlay) {
        String image = overlay(overlay).container().getImage();

        assertThat(image).isNotEqualTo("upscale-gateway:latest").doesNotEndWith(":latest");
        assertThat(image.substring(image.lastIndexOf('/') + 1)).as("image %s has a tag", image).contains(":");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "dev", "prod" })
    void exposesHttpOn8080AndManagementOn9000(String overlay) {
        assertThat(overlay(overlay).container().getPorts())
                .extracting(ContainerPort::getName, ContainerPort::getContainerPort)
                .containsExactlyInAnyOrder(
                        tuple("http", HTTP_PORT),
                        tuple("management", MANAGEMENT_PORT));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "dev", "prod" })
    void probesTheHealthEndpointsOnTheManagementPort(String overlay) {
        Manifests manifests = overlay(overlay);
        Container container = manifests.container();

        assertProbe(container, container.getStartupProbe(), "/q/health/started");
        assertProbe(container, container.getLivenessProbe(), "/q/health/live");
        assertProbe(container, container.getReadinessProbe(), "/q/health/ready");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "dev", "prod" })
    void requestsAndLimitsCpuAndMemoryWithTheMemoryItIsSizedFor(String overlay) {
        var resources = overlay(overlay).container().getResources();

        assertThat(resources.getRequests()).containsKeys("cpu", "memory");
        assertThat(resources.getLimits()).containsKeys("cpu", "memory");
        assertThat(amount(resources.getRequests().get("cpu")))
                .isPositive().isLessThanOrEqualTo(amount(resources.getLimits().get("cpu")));
        // the JVM sizes its heap from the limit (MaxRAMPercentage): the pod must really get that much
        assertThat(amount(resources.getRequests().get("memory")))
                .isEqualByComparingTo(amount(resources.getLimits().get("memory")))
                .isGreaterThanOrEqualTo(amount(Quantity.parse("256Mi")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "dev", "prod" })
    void runsAsUser1001WithAReadOnlyRootAndNoPrivileges(String overlay) {
        Manifests manifests = overlay(overlay);
        PodSecurityContext pod = manifests.podSpec().getSecurityContext();
        SecurityContext container = manifests.container().getSecurityContext();

        assertThat(pod.getRunAsNonRoot()).isTrue();
        assertThat(pod.getRunAsUser()).isEqualTo(1001L);
        assertThat(pod.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(container.getRunAsNonRoot()).isTrue();
        assertThat(container.getRunAsUser()).isEqualTo(1001L);
        assertThat(container.getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getPrivileged()).isNotEqualTo(Boolean.TRUE);
        assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(container.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "dev", "prod" })
    void givesTmpAWritableEmptyDirForBufferedUploads(String overlay) {
        Manifests manifests = overlay(overlay);
        VolumeMount tmp = manifests.mountAt("/tmp");

        assertThat(tmp.getReadOnly()).isNotEqualTo(Boolean.TRUE);
        assertThat(manifests.volume(tmp.getName()).getEmptyDir()).as("volume %s", tmp.getName()).isNotNull();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "dev", "prod" })
    void runsUnderAServiceAccountThatMountsNoToken(String overlay) {
        Manifests manifests = overlay(overlay);
        String accountName = manifests.podSpec().getServiceAccountName();

        assertThat(accountName).isEqualTo(GATEWAY);
        ServiceAccount account = manifests.named(ServiceAccount.class, accountName);
        assertThat(account.getAutomountServiceAccountToken()).isFalse();
        assertThat(manifests.podSpec().getAutomountServiceAccountToken()).isNotEqualTo(Boolean.TRUE);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "dev", "prod" })
    void pausesBeforeStoppingAndGivesQuarkusTimeToDrain(String overlay) {
        Manifests manifests = overlay(overlay);
        var preStop = manifests.container().getLifecycle().getPreStop();
        long grace = manifests.podSpec().getTerminationGracePeriodSeconds();
        long shutdownTimeout = seconds(manifests.config().get("QUARKUS_SHUTDOWN_TIMEOUT"));

        assertThat(preStop.getSleep()).as("preStop sleep action").isNotNull();
        assertThat(preStop.getSleep().getSeconds()).isEqualTo(5L);
        assertThat(grace).isEqualTo(40L);
        assertThat(shutdownTimeout).isEqualTo(20L);
        // the kubelet kills the pod at `grace`: the pause, then Quarkus's whole shutdown, must fit before it
        assertThat(preStop.getSleep().getSeconds() + shutdownTimeout).isLessThan(grace);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "dev", "prod" })
    void readsSettingsFromTheConfigMapAndTenantsFromTheReadOnlySecretFile(String overlay) {
        Manifests manifests = overlay(overlay);
        VolumeMount mount = manifests.mountAt(SECRET_DIR);
        Volume volume = manifests.volume(mount.getName());

        assertThat(manifests.container().getEnvFrom()).singleElement()
                .satisfies(source -> assertThat(source.getConfigMapRef()).isNotNull());
        assertThat(manifests.configMap().getMetadata().getName()).startsWith("upscale-gateway-config");
        assertThat(mount.getReadOnly()).isTrue();
        assertThat(volume.getSecret()).as("volume %s is a Secret", volume.getName()).isNotNull();
        assertThat(volume.getSecret().getSecretName()).isEqualTo(SECRET_NAME);
        assertThat(volume.getSecret().getItems()).singleElement().satisfies(item -> {
            assertThat(item.getKey()).isEqualTo(TENANTS_FILE);
            assertThat(item.getPath()).isEqualTo(TENANTS_FILE);
        });
        assertThat(manifests.config()).containsEntry("QUARKUS_CONFIG_LOCATIONS", SECRET_DIR + "/" + TENANTS_FILE);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "dev", "prod" })
    void keepsEveryKeyOutOfTheEnvironment(String overlay) {
        Manifests manifests = overlay(overlay);
        List<EnvVar> env = manifests.container().getEnv() == null ? List.of() : manifests.container().getEnv();

        assertThat(env).allSatisfy(variable -> {
            assertThat(variable.getValueFrom()).as("env %s is not taken from a Secret", variable.getName()).isNull();
            assertThat(variable.getName()).doesNotContainPattern(KEY_LIKE_NAME);
            assertThat(Objects.toString(variable.getValue(), "")).doesNotContainPattern(KEY_LIKE);
        });
        assertThat(manifests.container().getEnvFrom()).extracting(EnvFromSource::getSecretRef).containsOnlyNulls();
        assertThat(manifests.config()).allSatisfy((name, value) -> {
            assertThat(name).doesNotContainPattern(KEY_LIKE_NAME);
            assertThat(value).as("ConfigMap value of %s", name).doesNotContainPattern(KEY_LIKE);
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "dev", "prod" })
    void serviceRoutes8080ToTheApiAndNames9000ForScraping(String overlay) {
        Manifests manifests = overlay(overlay);
        Service service = manifests.named(Service.class, GATEWAY);
        Map<String, Integer> containerPorts = manifests.container().getPorts().stream()
                .collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));

        assertThat(service.getSpec().getSelector()).containsEntry(NAME_LABEL, GATEWAY);
        assertThat(manifests.podLabels()).containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(service.getSpec().getPorts()).extracting(ServicePort::getName, ServicePort::getPort,
                port -> resolve(port.getTargetPort(), containerPorts))
                .containsExactlyInAnyOrder(
                        tuple("http", HTTP_PORT, HTTP_PORT),
                        tuple("management", MANAGEMENT_PORT, MANAGEMENT_PORT));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "dev", "prod" })
    void disruptionBudgetCoversTheGatewayPods(String overlay) {
        Manifests manifests = overlay(overlay);
        PodDisruptionBudget budget = manifests.one(PodDisruptionBudget.class);

        assertSelects(budget.getSpec().getSelector(), manifests.podLabels());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "dev", "prod" })
    void autoscalerScalesTheDeploymentOnCpuFromItsReplicaCount(String overlay) {
        Manifests manifests = overlay(overlay);
        HorizontalPodAutoscaler autoscaler = manifests.one(HorizontalPodAutoscaler.class);
        var spec = autoscaler.getSpec();

        assertThat(autoscaler.getApiVersion()).isEqualTo("autoscaling/v2");
        assertThat(spec.getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(spec.getScaleTargetRef().getName()).isEqualTo(manifests.deployment().getMetadata().getName());
        assertThat(spec.getMetrics()).extracting(MetricSpec::getType).containsExactly("Resource");
        assertThat(spec.getMetrics().get(0).getResource().getName()).isEqualTo("cpu");
        assertThat(spec.getMetrics().get(0).getResource().getTarget().getType()).isEqualTo("Utilization");
        // a re-apply resets spec.replicas: it must never drop below what the autoscaler keeps
        assertThat(manifests.deployment().getSpec().getReplicas()).isEqualTo(spec.getMinReplicas());
        assertThat(spec.getMaxReplicas()).isGreaterThanOrEqualTo(spec.getMinReplicas());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "dev", "prod" })
    void networkPolicyAdmitsTheApiFromTheNamespaceAndMetricsOnlyFromMonitoring(String overlay) {
        Manifests manifests = overlay(overlay);
        NetworkPolicy policy = manifests.one(NetworkPolicy.class);
        List<NetworkPolicyIngressRule> ingress = policy.getSpec().getIngress();

        assertSelects(policy.getSpec().getPodSelector(), manifests.podLabels());
        assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        // prod adds a third, for its ingress controller (below)
        assertThat(ingress).hasSize(overlay.equals("prod") ? 3 : 2);
        assertThat(ingress).anySatisfy(rule -> {
            assertThat(ports(rule.getPorts())).containsExactly("TCP/" + HTTP_PORT);
            assertThat(rule.getFrom()).singleElement().satisfies(peer -> {
                assertThat(peer.getNamespaceSelector()).isNull();
                assertThat(peer.getIpBlock()).isNull();
                assertSelectsEverything(peer.getPodSelector());
            });
        });
        assertThat(ingress).anySatisfy(rule -> {
            assertThat(ports(rule.getPorts())).containsExactly("TCP/" + MANAGEMENT_PORT);
            assertThat(rule.getFrom()).singleElement().satisfies(peer -> {
                assertThat(peer.getPodSelector()).isNull();
                assertThat(peer.getIpBlock()).isNull();
                assertThat(peer.getNamespaceSelector().getMatchLabels())
                        .containsExactly(Map.entry("kubernetes.io/metadata.name", "monitoring"));
                assertThat(peer.getNamespaceSelector().getMatchExpressions()).isNullOrEmpty();
            });
        });
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "dev", "prod" })
    void networkPolicyLetsOutOnlyDnsHttpsAndRedis(String overlay) {
        NetworkPolicy policy = overlay(overlay).one(NetworkPolicy.class);
        List<NetworkPolicyEgressRule> egress = policy.getSpec().getEgress();

        assertThat(egress).hasSize(3);
        assertThat(egress).anySatisfy(rule -> {
            assertThat(ports(rule.getPorts())).containsExactlyInAnyOrder("UDP/53", "TCP/53");
            assertThat(rule.getTo()).isNullOrEmpty();
        });
        assertThat(egress).anySatisfy(rule -> {
            assertThat(ports(rule.getPorts())).containsExactly("TCP/443");
            assertThat(rule.getTo()).isNullOrEmpty();
        });
        assertThat(egress).anySatisfy(rule -> {
            assertThat(ports(rule.getPorts())).containsExactly("TCP/6379");
            assertThat(rule.getTo()).singleElement().satisfies(peer -> {
                assertThat(peer.getNamespaceSelector()).isNull();
                assertThat(peer.getIpBlock()).isNull();
                assertThat(peer.getPodSelector().getMatchLabels()).containsExactly(Map.entry(NAME_LABEL, "redis"));
                assertThat(peer.getPodSelector().getMatchExpressions()).isNullOrEmpty();
            });
        });
    }

    // ---- what sets the overlays apart ----

    @Test
    void devRunsOneReplicaOnTheMemoryStoreWithTheEmulatorAndReadableLogs() {
        Manifests dev = overlay("dev");
        var autoscaler = dev.one(HorizontalPodAutoscaler.class).getSpec();

        assertThat(dev.deployment().getSpec().getReplicas()).isEqualTo(1);
        assertThat(autoscaler.getMinReplicas()).isEqualTo(1);
        assertThat(autoscaler.getMaxReplicas()).isEqualTo(1);
        assertThat(dev.config())
                .containsEntry("GATEWAY_STORE", "memory")
                .containsEntry("GATEWAY_EMULATOR_ENABLED", "true")
                .containsEntry("QUARKUS_REST_CLIENT_APIFRAME_URL", "http://localhost:8080")
                .containsEntry("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        // with a single replica, a budget that forbids evicting it would block every node drain
        assertThat(evictionsAllowed(dev.one(PodDisruptionBudget.class), 1)).isGreaterThanOrEqualTo(1);
    }

    @Test
    void prodRunsThreeReplicasOnRedisAgainstTheRealApiframeWithJsonLogs() {
        Manifests prod = overlay("prod");
        var autoscaler = prod.one(HorizontalPodAutoscaler.class).getSpec();
        PodDisruptionBudget budget = prod.one(PodDisruptionBudget.class);

        assertThat(prod.deployment().getSpec().getReplicas()).isEqualTo(3);
        assertThat(autoscaler.getMinReplicas()).isEqualTo(3);
        assertThat(autoscaler.getMaxReplicas()).isGreaterThan(3);
        assertThat(budget.getSpec().getMinAvailable()).isEqualTo(new IntOrString(2));
        assertThat(budget.getSpec().getMaxUnavailable()).isNull();
        assertThat(prod.config())
                .containsEntry("GATEWAY_STORE", "redis")
                .containsEntry("QUARKUS_REDIS_HOSTS", "redis://redis:6379")
                .containsEntry("GATEWAY_EMULATOR_ENABLED", "false")
                .containsEntry("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true")
                .containsEntry("QUARKUS_REST_CLIENT_APIFRAME_URL", "https://api.apiframe.ai");
    }

    @Test
    void prodExposesOnlyApiframesWebhooksOutsideTheClusterAtTheAddressItTellsApiframe() {
        Manifests prod = overlay("prod");
        Ingress ingress = prod.one(Ingress.class);
        URI publicBase = URI.create(prod.config().get("GATEWAY_PUBLIC_BASE_URL"));

        assertThat(publicBase.getScheme()).isEqualTo("https");
        assertThat(ingress.getSpec().getDefaultBackend()).isNull();
        assertThat(ingress.getSpec().getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getHost()).isEqualTo(publicBase.getHost());
            assertThat(rule.getHttp().getPaths()).singleElement().satisfies(path -> {
                assertThat(path.getPath()).isEqualTo("/webhooks/apiframe");
                assertThat(path.getPathType()).isEqualTo("Prefix");
                assertThat(path.getBackend().getService().getName()).isEqualTo(GATEWAY);
                assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http");
            });
        });
        assertThat(ingress.getSpec().getTls()).singleElement()
                .satisfies(tls -> assertThat(tls.getHosts()).containsExactly(publicBase.getHost()));
        // the controller's pods, and only they, may also reach the API port from outside the namespace
        assertThat(prod.one(NetworkPolicy.class).getSpec().getIngress()).filteredOn(rule -> rule.getFrom().stream()
                .anyMatch(peer -> peer.getNamespaceSelector() != null && peer.getPodSelector() != null))
                .singleElement().satisfies(rule -> {
                    assertThat(ports(rule.getPorts())).containsExactly("TCP/" + HTTP_PORT);
                    assertThat(rule.getFrom()).singleElement().satisfies(peer -> {
                        assertThat(peer.getIpBlock()).isNull();
                        assertThat(peer.getNamespaceSelector().getMatchLabels()).hasSize(1);
                        assertThat(peer.getPodSelector().getMatchLabels()).hasSize(1);
                    });
                });
    }

    @Test
    void devHasTheEmulatorPostItsWebhooksToThePodItselfAndNoIngress() {
        Manifests dev = overlay("dev");

        assertThat(dev.config()).containsEntry("GATEWAY_PUBLIC_BASE_URL", "http://localhost:8080");
        assertThat(dev.all(Ingress.class)).isEmpty();
    }

    @Test
    void devShipsOnlyTheFakeDemoTenantForItsEmulator() throws NoSuchAlgorithmException {
        Secret secret = overlay("dev").one(Secret.class);
        Properties tenants = properties(decode(secret.getData().get(TENANTS_FILE)));
        String demoDigest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("demo-key-not-secret".getBytes(StandardCharsets.UTF_8)));

        assertThat(secret.getMetadata().getName()).isEqualTo(SECRET_NAME);
        assertThat(secret.getData()).containsOnlyKeys(TENANTS_FILE);
        assertThat(tenants)
                .containsEntry("gateway.tenants.demo.key-sha256", demoDigest)
                .containsEntry("gateway.tenants.demo.apiframe-key", "afk_demo_emulator_key_not_secret")
                .containsEntry("gateway.emulator.api-keys", "afk_demo_emulator_key_not_secret");
        assertThat(tenants.stringPropertyNames()).filteredOn(name -> name.startsWith("gateway.tenants."))
                .allSatisfy(name -> assertThat(name).startsWith("gateway.tenants.demo."));
    }

    @Test
    void prodShipsNoSecret() {
        assertThat(overlay("prod").all(Secret.class)).isEmpty();
    }

    @Test
    void onlyProdHasPrometheusScrapeTheManagementPort() {
        Manifests prod = overlay("prod");
        List<GenericKubernetesResource> monitors = overlay("prod").generic("ServiceMonitor");

        assertThat(overlay("dev").generic("ServiceMonitor")).isEmpty();
        assertThat(monitors).singleElement().satisfies(monitor -> {
            assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
            Map<String, String> selected = monitor.get("spec", "selector", "matchLabels");
            List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");
            assertThat(prod.named(Service.class, GATEWAY).getMetadata().getLabels()).containsAllEntriesOf(selected);
            assertThat(endpoints).singleElement().satisfies(endpoint -> assertThat(endpoint)
                    .containsEntry("port", "management")
                    .containsEntry("path", "/q/metrics"));
        });
    }

    // ---- keys and monitoring files ----

    @Test
    void everyApiframeKeyInThePackagingIsClearlyFake() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path file : packagingFiles()) {
            Matcher matcher = APIFRAME_KEY.matcher(Files.readString(file));
            while (matcher.find()) {
                found.add(REPO.relativize(file) + ": " + matcher.group());
            }
        }
        for (Secret secret : overlay("dev").all(Secret.class)) {
            for (String value : secret.getData().values()) {
                Matcher matcher = APIFRAME_KEY.matcher(decode(value));
                while (matcher.find()) {
                    found.add("rendered Secret " + secret.getMetadata().getName() + ": " + matcher.group());
                }
            }
        }

        assertThat(found).isNotEmpty().allSatisfy(key -> assertThat(key).containsPattern(CLEARLY_FAKE));
    }

    @Test
    @SuppressWarnings("unchecked")
    void prometheusRulesAlertOnUpstreamErrorsOpenCircuitsCreditsAndTimeouts() throws IOException {
        GenericKubernetesResource rule = SERIALIZATION.unmarshal(
                Files.readString(K8S.resolve("monitoring/prometheus-rules.yaml")), GenericKubernetesResource.class);
        List<Map<String, Object>> groups = rule.get("spec", "groups");
        Map<String, String> alerts = groups.stream()
                .flatMap(group -> ((List<Map<String, Object>>) group.get("rules")).stream())
                .collect(Collectors.toMap(alert -> (String) alert.get("alert"), alert -> (String) alert.get("expr")));

        assertThat(rule.getKind()).isEqualTo("PrometheusRule");
        assertThat(rule.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(alerts).hasEntrySatisfying("UpscaleGatewayUpstreamErrorRatioHigh",
                expr -> assertThat(expr).contains("gateway_upstream_requests_total").contains("/"));
        assertThat(alerts).hasEntrySatisfying("UpscaleGatewayCircuitOpen",
                expr -> assertThat(expr).contains("gateway_upstream_circuit_open"));
        assertThat(alerts).hasEntrySatisfying("UpscaleGatewayInsufficientCredits",
                expr -> assertThat(expr).contains("gateway_submissions_total{outcome=\"insufficient_credits\"}"));
        assertThat(alerts).hasEntrySatisfying("UpscaleGatewayJobTimeouts",
                expr -> assertThat(expr).contains("gateway_jobs_failed_total{code=\"timeout\"}"));
    }

    @Test
    void grafanaDashboardChartsEveryGatewayMetricFamily() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(K8S.resolve("monitoring/grafana-dashboard.json").toFile());
        List<JsonNode> panels = new ArrayList<>();
        dashboard.get("panels").forEach(panels::add);
        String expressions = String.join("\n", dashboard.get("panels").findValuesAsText("expr"));

        assertThat(dashboard.get("title").asText()).isNotBlank();
        assertThat(dashboard.get("uid").asText()).isNotBlank();
        assertThat(panels).extracting(panel -> panel.get("id").asInt()).doesNotHaveDuplicates();
        assertThat(expressions).contains(
                "gateway_submissions_total", "gateway_rate_limited_total", "gateway_jobs_in_flight",
                "gateway_upstream_circuit_open", "gateway_sse_subscribers", "gateway_upstream_requests_total")
                .containsPattern("histogram_quantile\\(0\\.\\d+, sum by \\(le[^)]*\\) \\(rate\\("
                        + "gateway_job_duration_seconds_bucket")
                .containsPattern("histogram_quantile\\(0\\.\\d+, sum by \\(le[^)]*\\) \\(rate\\("
                        + "gateway_upstream_latency_seconds_bucket")
                .contains("status!~\"2..\"");
    }

    // ---- rendering ----

    private static Manifests overlay(String name) {
        return RENDERED.computeIfAbsent(name, KubernetesManifestsTest::render);
    }

    private static Manifests render(String overlay) {
        Path directory = K8S.resolve("overlays").resolve(overlay);
        String yaml = kubectl("kustomize", directory.toString());
        List<HasMetadata> objects = Arrays.stream(yaml.split("(?m)^---\\s*$"))
                .filter(document -> !document.isBlank())
                .map(document -> SERIALIZATION.unmarshal(document, HasMetadata.class))
                .toList();
        assertThat(objects).as("objects rendered from %s", directory).isNotEmpty();
        return new Manifests(overlay, objects);
    }

    /** Runs kubectl; a missing kubectl fails the test (never skips it): these checks guard production. */
    private static String kubectl(String... arguments) {
        List<String> command = new ArrayList<>(List.of("kubectl"));
        command.addAll(List.of(arguments));
        Path errors = null;
        try {
            errors = Files.createTempFile("kubectl", ".err");
            Process process;
            try {
                process = new ProcessBuilder(command).directory(REPO.toFile())
                        .redirectError(errors.toFile()).start();
            } catch (IOException e) {
                throw new AssertionError("kubectl is needed to render the manifests under k8s/ but could not be run ("
                        + e.getMessage() + "). Install it (Debian: apt-get install -y kubectl, as .ci/run does).", e);
            }
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within 2 minutes");
            }
            if (process.exitValue() != 0) {
                fail(String.join(" ", command) + " failed with exit code " + process.exitValue() + ":\n"
                        + Files.readString(errors));
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        } finally {
            if (errors != null) {
                errors.toFile().delete();
            }
        }
    }

    /** One overlay's rendered objects, with the lookups the checks share. */
    private record Manifests(String overlay, List<HasMetadata> objects) {

        <T extends HasMetadata> List<T> all(Class<T> type) {
            return objects.stream().filter(type::isInstance).map(type::cast).toList();
        }

        <T extends HasMetadata> T one(Class<T> type) {
            List<T> found = all(type);
            assertThat(found).as("%s objects in overlay %s", type.getSimpleName(), overlay).hasSize(1);
            return found.get(0);
        }

        <T extends HasMetadata> T named(Class<T> type, String name) {
            return all(type).stream().filter(object -> name.equals(object.getMetadata().getName())).findFirst()
                    .orElseThrow(() -> new AssertionError(
                            "no " + type.getSimpleName() + " named " + name + " in overlay " + overlay));
        }

        List<GenericKubernetesResource> generic(String kind) {
            return all(GenericKubernetesResource.class).stream().filter(object -> kind.equals(object.getKind()))
                    .toList();
        }

        Deployment deployment() {
            return named(Deployment.class, GATEWAY);
        }

        PodSpec podSpec() {
            return deployment().getSpec().getTemplate().getSpec();
        }

        Map<String, String> podLabels() {
            return deployment().getSpec().getTemplate().getMetadata().getLabels();
        }

        Container container() {
            assertThat(podSpec().getContainers()).as("containers in overlay %s", overlay).hasSize(1);
            return podSpec().getContainers().get(0);
        }

        /** The ConfigMap the container takes its environment from (its name carries kustomize's hash suffix). */
        ConfigMap configMap() {
            String name = container().getEnvFrom().stream().map(EnvFromSource::getConfigMapRef)
                    .filter(Objects::nonNull).findFirst()
                    .orElseThrow(() -> new AssertionError("the container takes no environment from a ConfigMap"))
                    .getName();
            return named(ConfigMap.class, name);
        }

        Map<String, String> config() {
            return configMap().getData();
        }

        VolumeMount mountAt(String path) {
            return container().getVolumeMounts().stream()
                    .filter(mount -> path.equals(mount.getMountPath().replaceAll("/$", ""))).findFirst()
                    .orElseThrow(() -> new AssertionError("nothing is mounted at " + path + " in overlay " + overlay));
        }

        Volume volume(String name) {
            return podSpec().getVolumes().stream().filter(volume -> name.equals(volume.getName())).findFirst()
                    .orElseThrow(() -> new AssertionError("no volume " + name + " in overlay " + overlay));
        }
    }

    // ---- small helpers ----

    private static void assertProbe(Container container, Probe probe, String path) {
        Map<String, Integer> ports = container.getPorts().stream()
                .collect(Collectors.toMap(ContainerPort::getName, ContainerPort::getContainerPort));
        assertThat(probe).as("probe for %s", path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(resolve(probe.getHttpGet().getPort(), ports)).as("port of the %s probe", path)
                .isEqualTo(MANAGEMENT_PORT);
        assertThat(probe.getHttpGet().getScheme()).isIn(null, "HTTP");
    }

    private static Integer resolve(IntOrString port, Map<String, Integer> named) {
        return port.getIntVal() != null ? port.getIntVal() : named.get(port.getStrVal());
    }

    private static List<String> ports(List<NetworkPolicyPort> ports) {
        return ports.stream().map(port -> Objects.requireNonNullElse(port.getProtocol(), "TCP") + "/"
                + port.getPort().getIntVal()).toList();
    }

    private static void assertSelects(LabelSelector selector, Map<String, String> podLabels) {
        assertThat(selector.getMatchExpressions()).isNullOrEmpty();
        assertThat(selector.getMatchLabels()).isNotEmpty().containsEntry(NAME_LABEL, GATEWAY);
        assertThat(podLabels).containsAllEntriesOf(selector.getMatchLabels());
    }

    private static void assertSelectsEverything(LabelSelector selector) {
        assertThat(selector).as("a podSelector of {} (every pod of the namespace)").isNotNull();
        assertThat(selector.getMatchLabels()).isNullOrEmpty();
        assertThat(selector.getMatchExpressions()).isNullOrEmpty();
    }

    private static int evictionsAllowed(PodDisruptionBudget budget, int replicas) {
        IntOrString minAvailable = budget.getSpec().getMinAvailable();
        IntOrString maxUnavailable = budget.getSpec().getMaxUnavailable();
        if (minAvailable != null) {
            assertThat(minAvailable.getIntVal()).as("minAvailable as a number").isNotNull();
            return replicas - minAvailable.getIntVal();
        }
        assertThat(maxUnavailable.getIntVal()).as("maxUnavailable as a number").isNotNull();
        return maxUnavailable.getIntVal();
    }

    private static BigDecimal amount(Quantity quantity) {
        return Quantity.getAmountInBytes(quantity);
    }

    /** Seconds in a Quarkus duration written as {@code <n>s}, the only form these manifests use. */
    private static long seconds(String duration) {
        assertThat(duration).matches("\\d+s");
        return Long.parseLong(duration.substring(0, duration.length() - 1));
    }

    private static String decode(String base64) {
        // kustomize folds long values over several lines
        return new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private static Properties properties(String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** The files that ship or describe the deployment, where a real key must never land. */
    private static List<Path> packagingFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> k8s = Files.walk(K8S)) {
            k8s.filter(Files::isRegularFile).forEach(files::add);
        }
        try (Stream<Path> docker = Files.walk(REPO.resolve("src/main/docker"))) {
            docker.filter(Files::isRegularFile).forEach(files::add);
        }
        Stream.of("Dockerfile.native", ".dockerignore").map(REPO::resolve).filter(Files::isRegularFile)
                .forEach(files::add);
        assertThat(files).extracting(file -> REPO.relativize(file).toString())
                .contains("k8s/overlays/dev/tenants.demo.properties", "Dockerfile.native");
        return files;
    }
}
