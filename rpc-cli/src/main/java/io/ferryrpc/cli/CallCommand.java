package io.ferryrpc.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ferryrpc.api.RpcException;
import io.ferryrpc.cli.internal.CliFailure;
import io.ferryrpc.cli.internal.RegistrySession;
import io.ferryrpc.core.CallPolicy;
import io.ferryrpc.core.GenericService;
import io.ferryrpc.core.RpcClient;
import io.ferryrpc.core.RpcContext;
import io.ferryrpc.core.spi.ServiceKey;
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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry call}: a real generic call, its result printed as JSON and its latency on stderr. */
@Command(name = "call", mixinStandardHelpOptions = true,
        description = {"Calls a method with JSON arguments and prints the result as JSON; the latency goes to stderr.",
            "Objects are JSON objects of their fields, enums their names, dates ISO-8601 strings."})
final class CallCommand implements Callable<Integer> {

    @ParentCommand
    FerryCli ferry;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SERVICE.METHOD",
            description = "The service (name, or name:version[:group]) and method, as shop.PaymentService.pay.")
    String target;

    @Parameters(index = "1", paramLabel = "JSON", defaultValue = "[]",
            description = "The arguments as a JSON array, such as '[\"mug\", 2]' (default: none).")
    String arguments;

    @Option(names = {"-t", "--type"}, paramLabel = "TYPE",
            description = "A parameter type, once per parameter, to choose between overloads with as many "
                    + "parameters (as the signature spells it: java.lang.String, long, java.util.List<com.acme.Item>).")
    List<String> types;

    @Option(names = {"-a", "--attachment"}, paramLabel = "KEY=VALUE",
            description = "An attachment sent with the call (a trace id, a tenant), once per attachment.")
    Map<String, String> attachments;

    @Override
    public Integer call() throws Exception {
        int dot = target.lastIndexOf('.');
        if (dot <= 0 || dot == target.length() - 1) {
            throw new CliFailure(CliFailure.USAGE, "expected SERVICE.METHOD, as shop.PaymentService.pay, not " + target);
        }
        String service = target.substring(0, dot);
        String method = target.substring(dot + 1);
        ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        List<Object> args = parseArguments(mapper);
        ServiceKey key;
        try (RegistrySession registry = RegistrySession.open(ferry.registry, ferry.timeout)) {
            List<ServiceTopology> found = registry.find(service);
            if (found.size() > 1) {
                List<String> keys = new ArrayList<>();
                found.forEach(t -> keys.add(t.service().toString()));
                throw new CliFailure(CliFailure.USAGE, service + " has several versions or groups, " + keys
                        + "; name one as name:version[:group]");
            }
            key = found.get(0).service();
        }
        Object result;
        long start;
        long nanos;
        try (RpcClient client = RpcClient.builder().registry(RegistrySession.withTimeout(ferry.registry, ferry.timeout))
                .applicationName("ferry-cli")
                .defaultPolicy(CallPolicy.builder().timeout(ferry.timeout).retries(0).build()).build()) {
            GenericService generic = client.generic(key);
            start = System.nanoTime();
            RpcContext context = RpcContext.current().withAttachments(attachments == null ? Map.of() : attachments);
            result = context.call(() -> types == null ? generic.invoke(method, args.toArray())
                    : generic.invoke(method, types, args.toArray()));
            nanos = System.nanoTime() - start;
        } catch (IllegalArgumentException e) {
            throw new CliFailure(CliFailure.USAGE, e.getMessage());
        } catch (RpcException e) {
            throw new CliFailure(CliFailure.FAILED, "the call failed: " + e.code() + ": " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(mapper.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(jsonReady(result)));
        out.flush();
        spec.commandLine().getErr().printf("%s.%s answered in %.2f ms%n", key, method, nanos / 1e6);
        spec.commandLine().getErr().flush();
        return 0;
    }

    private List<Object> parseArguments(ObjectMapper mapper) {
        Object parsed;
        try {
            parsed = mapper.readValue(arguments, Object.class);
        } catch (JsonProcessingException e) {
            throw new CliFailure(CliFailure.USAGE, "bad JSON arguments: " + e.getOriginalMessage() + " (at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
        if (!(parsed instanceof List<?> list)) {
            throw new CliFailure(CliFailure.USAGE, "the arguments must be a JSON array, such as '[\"mug\", 2]'");
        }
        return new ArrayList<>(list);
    }

    /** Turns values JSON has no type for (dates, UUIDs) into their ISO strings. */
    private static Object jsonReady(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), jsonReady(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(jsonReady(v)));
            return out;
        }
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof byte[]) {
            return value;
        }
        return value.toString();
    }
}
