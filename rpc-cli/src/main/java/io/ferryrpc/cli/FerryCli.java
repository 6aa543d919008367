package io.ferryrpc.cli;

import io.ferryrpc.cli.internal.CliFailure;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code ferry} command: looks at the services in a registry and calls them. Run {@code ferry --help}, or
 * {@code ferry help <command>}.
 *
 * <p>Exit codes: 0 done, 1 something outside the tool failed (registry unreachable, call failed), 2 the command
 * line was wrong (unknown option or service, malformed JSON).
 *
 * @since 0.1.0
 */
@Command(name = "ferry", mixinStandardHelpOptions = true, version = "ferry 0.1.0",
        description = "Lists, describes, calls and watches Ferry services.",
        subcommands = {ListCommand.class, DescribeCommand.class, CallCommand.class, StatsCommand.class,
            CommandLine.HelpCommand.class},
        synopsisSubcommandLabel = "COMMAND",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:something outside the tool failed (registry, provider, monitor center)",
            "2:the command line was wrong (option, service name, JSON)"},
        footer = {"%nThe registry defaults to $FERRY_REGISTRY, else zookeeper://127.0.0.1:2181."})
public final class FerryCli {

    @Option(names = {"-r", "--registry"}, scope = ScopeType.INHERIT, paramLabel = "ADDRESS",
            defaultValue = "${env:FERRY_REGISTRY:-zookeeper://127.0.0.1:2181}",
            description = "The registry, such as zookeeper://127.0.0.1:2181 (default: ${DEFAULT-VALUE}).")
    String registry;

    @Option(names = "--timeout", scope = ScopeType.INHERIT, paramLabel = "DURATION", defaultValue = "PT5S",
            converter = DurationConverter.class,
            description = "How long to wait for the registry and for a call, as 5s, 500ms or PT5S (default: 5s).")
    Duration timeout;

    /** Runs the tool and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the tool and returns its exit code, with output on stdout and errors on stderr. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new FerryCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof CliFailure failure) {
                commandLine.getErr().println("ferry: " + failure.getMessage());
                return failure.exitCode();
            }
            commandLine.getErr().println("ferry: " + e);
            return CliFailure.FAILED;
        });
        return cli.execute(args);
    }

    /** Reads {@code 5s}, {@code 500ms}, {@code 2m} or ISO-8601 {@code PT5S}. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim();
            try {
                if (v.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
                }
                if (v.endsWith("s")) {
                    return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
                }
                if (v.endsWith("m")) {
                    return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
                }
                return Duration.parse(v);
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (use 5s, 500ms, 2m)");
            }
        }
    }
}
