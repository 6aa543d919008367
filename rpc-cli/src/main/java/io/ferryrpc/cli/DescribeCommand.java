package io.ferryrpc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ferryrpc.cli.internal.CliFailure;
import io.ferryrpc.cli.internal.RegistrySession;
import io.ferryrpc.core.spi.ProviderInfo;
import io.ferryrpc.core.spi.ServiceTopology;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry describe}: a service's methods with their call IDs, and the shapes of the types they use. */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = "Prints a service's methods with call IDs and the fields of the types they use.")
final class DescribeCommand implements Callable<Integer> {

    @ParentCommand
    FerryCli ferry;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SERVICE", description = "The service: name, or name:version[:group].")
    String service;

    @Option(names = "--json", description = "Prints the description as the provider published it (JSON).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<JsonNode> descriptions = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper();
        try (RegistrySession registry = RegistrySession.open(ferry.registry, ferry.timeout)) {
            for (ServiceTopology t : registry.find(service)) {
                Set<String> digests = new LinkedHashSet<>();
                for (ProviderInfo p : t.providers()) {
                    if (!p.descriptionDigest().isEmpty()) {
                        digests.add(p.descriptionDigest());
                    }
                }
                if (digests.isEmpty()) {
                    throw new CliFailure(CliFailure.FAILED, t.service() + " has " + t.providers().size()
                            + " provider(s) in " + registry.address() + " and none published a description");
                }
                for (String digest : digests) {
                    String text = registry.description(t.service(), digest).orElseThrow(() -> new CliFailure(
                            CliFailure.FAILED, "the description " + digest + " of " + t.service() + " is missing"));
                    descriptions.add(mapper.readTree(text));
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Object value = descriptions.size() == 1 ? descriptions.get(0) : descriptions;
            out.println(mapper.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value));
        } else {
            for (JsonNode d : descriptions) {
                print(d, out);
            }
        }
        out.flush();
        return 0;
    }

    private static void print(JsonNode d, PrintWriter out) {
        String group = d.path("group").asText();
        out.printf("%s:%s%s  (interface %s)%n", d.path("service").asText(), d.path("version").asText(),
                group.isEmpty() ? "" : ":" + group, d.path("interface").asText());
        out.println("methods:");
        for (JsonNode m : d.path("methods")) {
            List<String> params = new ArrayList<>();
            for (JsonNode p : m.path("parameters")) {
                params.add(p.path("type").asText() + " " + p.path("name").asText());
            }
            List<String> thrown = new ArrayList<>();
            for (JsonNode t : m.path("throws")) {
                thrown.add(t.asText());
            }
            long timeout = m.path("timeoutMillis").asLong();
            out.printf("  %s  %s %s(%s)%s  [%s%s, %s]%n", m.path("callId").asText(),
                    m.path("returns").asText(), m.path("name").asText(), String.join(", ", params),
                    thrown.isEmpty() ? "" : " throws " + String.join(", ", thrown), m.path("kind").asText(),
                    m.path("idempotent").asBoolean() ? ", idempotent" : "",
                    timeout < 0 ? "default timeout" : "timeout " + timeout + " ms");
        }
        if (d.path("types").size() > 0) {
            out.println("types:");
        }
        for (Map.Entry<String, JsonNode> type : d.path("types").properties()) {
            JsonNode shape = type.getValue();
            out.printf("  %s (%s)%n", type.getKey(), shape.path("kind").asText());
            for (JsonNode f : shape.path("fields")) {
                out.printf("    %d %s: %s%n", f.path("number").asInt(), f.path("name").asText(),
                        f.path("type").asText());
            }
            if (shape.has("constants")) {
                List<String> constants = new ArrayList<>();
                for (JsonNode c : shape.path("constants")) {
                    constants.add(c.asText());
                }
                out.printf("    %s%n", String.join(" | ", constants));
            }
        }
    }
}
