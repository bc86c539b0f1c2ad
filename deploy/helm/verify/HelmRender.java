import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs Helm's own lint and template code (helm-java: Helm's Go library
 * through JNA) over a chart and writes the outcome as JSON, so a test can
 * assert on the rendered manifests without a helm binary. Rendered objects
 * include the chart's hooks, as `helm template` prints them.
 *
 * Usage: java -cp <classpath> HelmRender.java <job.json> <result.json>
 *
 * job: {"chart": dir, "lint": bool, "package": dir?, "cases": [{"name",
 *   "release", "namespace", "kubeVersion", "valuesFiles": [path], "set": {key: value},
 *   "notes": bool}]}
 * result: {"lint": {"failed", "messages"}, "package": path?, "cases": {name:
 *   {"ok": true, "manifests": [object], "invalid": [text], "notes"?: text} or
 *   {"ok": false, "error": text}}}
 * "invalid" lists manifests that do not bind to their Kubernetes API type
 * (fabric8's kubernetes-model): unknown fields, scalars of the wrong type.
 *
 * A case that fails to render is data, not a crash: the schema tests expect
 * some to fail. The exit code is non-zero only when the tool itself breaks.
 */
public class HelmRender {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();

  /**
   * Binds a manifest to its Kubernetes API type and refuses what the API
   * server would: unknown fields (the model classes collect those in an
   * "additionalProperties" any-setter, switched off here) and scalars of the
   * wrong type (a string where an integer belongs, a number as ConfigMap data).
   */
  private static final ObjectMapper KUBERNETES = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .annotationIntrospector(new JacksonAnnotationIntrospector() {
        @Override
        public Boolean hasAnySetter(Annotated annotated) {
          return Boolean.FALSE;
        }
      })
      .build();

  /** The API types the chart's templates produce; a kind missing here is reported, not skipped. */
  private static final Map<String, String> TYPES = Map.of(
      "v1/ConfigMap", "io.fabric8.kubernetes.api.model.ConfigMap",
      "v1/Secret", "io.fabric8.kubernetes.api.model.Secret",
      "v1/Service", "io.fabric8.kubernetes.api.model.Service",
      "v1/ServiceAccount", "io.fabric8.kubernetes.api.model.ServiceAccount",
      "apps/v1/Deployment", "io.fabric8.kubernetes.api.model.apps.Deployment",
      "batch/v1/Job", "io.fabric8.kubernetes.api.model.batch.v1.Job",
      "batch/v1/CronJob", "io.fabric8.kubernetes.api.model.batch.v1.CronJob",
      "policy/v1/PodDisruptionBudget", "io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget",
      "autoscaling/v2/HorizontalPodAutoscaler", "io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler");

  private static final String HOOK = "helm.sh/hook";
  private static final String HOOK_RENAMED = "x-helm-render-hook";

  /** Custom resources, whose schema is not in the Kubernetes API types. */
  private static final List<String> UNCHECKED = List.of("monitoring.coreos.com/v1/ServiceMonitor", "monitoring.coreos.com/v1/PrometheusRule");

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: HelmRender <job.json> <result.json>");
      System.exit(2);
    }
    JsonNode job = JSON.readTree(Path.of(args[0]).toFile());
    Path chart = Path.of(job.get("chart").asText());
    Helm helm = new Helm(chart);
    ObjectNode result = JSON.createObjectNode();

    if (job.path("lint").asBoolean(false)) {
      LintResult lint = helm.lint().strict().call();
      ObjectNode node = result.putObject("lint");
      node.put("failed", lint.isFailed());
      ArrayNode messages = node.putArray("messages");
      lint.getMessages().forEach(messages::add);
    }

    if (job.hasNonNull("package")) {
      Path destination = Path.of(job.get("package").asText());
      Files.createDirectories(destination);
      helm.packageIt().withDestination(destination).call();
      JsonNode meta = YAML.readTree(chart.resolve("Chart.yaml").toFile());
      String archive = meta.get("name").asText() + "-" + meta.get("version").asText() + ".tgz";
      result.put("package", destination.resolve(archive).toString());
    }

    ObjectNode cases = result.putObject("cases");
    Path withHooks = copyWithHooksAsManifests(chart);
    try {
      Helm rendering = new Helm(withHooks);
      for (JsonNode spec : job.path("cases")) {
        cases.set(spec.get("name").asText(), render(rendering, spec));
      }
    } finally {
      deleteTree(withHooks);
    }

    JSON.writerWithDefaultPrettyPrinter().writeValue(Path.of(args[1]).toFile(), result);
  }

  /**
   * helm-java's template returns the release manifest without the hook
   * objects that `helm template` also prints. So cases render from a copy of
   * the chart whose hook annotation keys are renamed (Helm then treats those
   * objects as ordinary ones); restoreHookAnnotations names them back.
   */
  private static Path copyWithHooksAsManifests(Path chart) throws IOException {
    Path copy = Files.createTempDirectory("helm-render-");
    try (Stream<Path> files = Files.walk(chart)) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Path target = copy.resolve(chart.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else if (source.startsWith(chart.resolve("templates"))) {
          Files.writeString(target, Files.readString(source).replace(HOOK, HOOK_RENAMED));
        } else {
          Files.copy(source, target);
        }
      }
    }
    return copy;
  }

  private static void restoreHookAnnotations(JsonNode manifest) {
    JsonNode annotations = manifest.path("metadata").path("annotations");
    if (!annotations.isObject()) {
      return;
    }
    ObjectNode restored = JSON.createObjectNode();
    annotations.properties().forEach(e -> restored.set(e.getKey().replace(HOOK_RENAMED, HOOK), e.getValue()));
    ((ObjectNode) manifest.get("metadata")).set("annotations", restored);
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  /** Null when the manifest binds to its API type; otherwise what is wrong and where. */
  private static String checkApiType(JsonNode manifest) {
    String key = manifest.path("apiVersion").asText() + "/" + manifest.path("kind").asText();
    String name = key + " " + manifest.path("metadata").path("name").asText();
    if (UNCHECKED.contains(key)) {
      return null;
    }
    String type = TYPES.get(key);
    if (type == null) {
      return name + ": no Kubernetes API type known for " + key + " (add it to HelmRender.TYPES)";
    }
    try {
      KUBERNETES.treeToValue(manifest, Class.forName(type));
      return null;
    } catch (JsonMappingException e) {
      String path = e.getPath().stream()
          .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
          .collect(Collectors.joining())
          .replaceFirst("^\\.", "");
      return name + ": " + path + ": " + e.getOriginalMessage().lines().findFirst().orElse("");
    } catch (Exception e) {
      return name + ": " + e;
    }
  }

  /** NOTES.txt as `helm install --dry-run` prints it (template does not render it). */
  private static String notes(Helm helm, JsonNode spec) {
    InstallCommand install = helm.install()
        .withName(spec.path("release").asText("demo"))
        .withNamespace(spec.path("namespace").asText("issuestream"))
        .withKubeVersion(spec.path("kubeVersion").asText("1.31.0"))
        .dryRun()
        .clientOnly();
    for (JsonNode file : spec.path("valuesFiles")) {
      install = install.withValuesFile(Path.of(file.asText()));
    }
    for (Map.Entry<String, JsonNode> entry : spec.path("set").properties()) {
      install = install.set(entry.getKey(), entry.getValue().asText());
    }
    return install.call().getOutput();
  }

  private static ObjectNode render(Helm helm, JsonNode spec) {
    ObjectNode node = JSON.createObjectNode();
    TemplateCommand template = helm.template()
        .withName(spec.path("release").asText("demo"))
        .withNamespace(spec.path("namespace").asText("issuestream"))
        // Without it the library assumes Kubernetes 1.20 (the helm CLI is built with its client-go's version).
        .withKubeVersion(spec.path("kubeVersion").asText("1.31.0"));
    for (JsonNode file : spec.path("valuesFiles")) {
      template = template.withValuesFile(Path.of(file.asText()));
    }
    for (Map.Entry<String, JsonNode> entry : spec.path("set").properties()) {
      template = template.set(entry.getKey(), entry.getValue().asText());
    }
    String rendered;
    try {
      rendered = template.call();
    } catch (RuntimeException e) {
      node.put("ok", false);
      node.put("error", e.getMessage());
      return node;
    }
    ArrayNode manifests = JSON.createArrayNode();
    try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(rendered)) {
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document != null && !document.isNull() && !document.isMissingNode()) {
          restoreHookAnnotations(document);
          manifests.add(document);
        }
      }
    } catch (Exception e) {
      node.put("ok", false);
      node.put("error", "rendered output is not valid YAML: " + e.getMessage());
      node.put("output", rendered);
      return node;
    }
    node.put("ok", true);
    node.set("manifests", manifests);
    ArrayNode invalid = node.putArray("invalid");
    for (JsonNode manifest : manifests) {
      String problem = checkApiType(manifest);
      if (problem != null) {
        invalid.add(problem);
      }
    }
    if (spec.path("notes").asBoolean(false)) {
      node.put("notes", notes(helm, spec));
    }
    return node;
  }
}
