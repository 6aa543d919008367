package io.ferryrpc.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ferryrpc.cli.internal.RegistrySession;
import io.ferryrpc.core.spi.ConsumerInfo;
import io.ferryrpc.core.spi.ProviderInfo;
import io.ferryrpc.core.spi.ServiceTopology;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry ls}: every service in the registry with its versions, providers and consumers. */
@Command(name = "ls", mixinStandardHelpOptions = true,
        description = "Lists services with their providers and consumers.")
final class ListCommand implements Callable<Integer> {

    @ParentCommand
    FerryCli ferry;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Prints JSON instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<ServiceTopology> services;
        try (RegistrySession registry = RegistrySession.open(ferry.registry, ferry.timeout)) {
            services = registry.topology();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (ServiceTopology t : services) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("service", t.service().name());
                s.put("version", t.service().version());
                s.put("group", t.service().group());
                List<Map<String, Object>> providers = new ArrayList<>();
                for (ProviderInfo p : t.providers()) {
                    providers.add(Map.of("address", p.address(), "application", p.application(), "weight", p.weight(),
                            "methods", p.callIds().size()));
                }
                s.put("providers", providers);
                List<Map<String, Object>> consumers = new ArrayList<>();
                for (ConsumerInfo c : t.consumers()) {
                    consumers.add(Map.of("host", c.host(), "pid", c.pid(), "application", c.application()));
                }
                s.put("consumers", consumers);
                list.add(s);
            }
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(list));
            out.flush();
            return 0;
        }
        if (services.isEmpty()) {
            out.println("no services in " + ferry.registry);
        }
        for (ServiceTopology t : services) {
            out.printf("%s  (%d provider%s, %d consumer%s)%n", t.service(), t.providers().size(),
                    t.providers().size() == 1 ? "" : "s", t.consumers().size(), t.consumers().size() == 1 ? "" : "s");
            for (ProviderInfo p : t.providers()) {
                out.printf("  provider  %-24s app=%s weight=%d methods=%d%n", p.address(), p.application(), p.weight(),
                        p.callIds().size());
            }
            for (ConsumerInfo c : t.consumers()) {
                out.printf("  consumer  %-24s app=%s%n", c.host() + " pid " + c.pid(), c.application());
            }
        }
        out.flush();
        return 0;
    }
}
