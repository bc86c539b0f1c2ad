import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs Helm's own lint and template code (helm-java: Helm's Go library
 * through JNA) over a chart and writes the outcome as JSON, so a test can
 * assert on the rendered manifests without a helm binary.
 *
 * Usage: java -cp <classpath> HelmRender.java <job.json> <result.json>
 *
 * job: {"chart": dir, "lint": bool, "package": dir?, "cases": [{"name",
 *   "release", "namespace", "kubeVersion", "valuesFiles": [path], "set": {key: value},
 *   "notes": bool}]}
 * result: {"lint": {"failed", "messages"}, "package": path?, "cases": {name:
 *   {"ok": true, "manifests": [object], "notes"?: text} or {"ok": false, "error": text}}}
 *
 * A case that fails to render is data, not a crash: the schema tests expect
 * some to fail. The exit code is non-zero only when the tool itself breaks.
 */
public class HelmRender {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();

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
    for (JsonNode spec : job.path("cases")) {
      cases.set(spec.get("name").asText(), render(helm, spec));
    }

    JSON.writerWithDefaultPrettyPrinter().writeValue(Path.of(args[1]).toFile(), result);
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
    if (spec.path("notes").asBoolean(false)) {
      node.put("notes", notes(helm, spec));
    }
    return node;
  }
}
