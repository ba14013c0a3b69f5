package io.seqgate.devstack.cli;

import io.seqgate.cli.Main;
import io.seqgate.devstack.chaos.Chaos;
import io.seqgate.devstack.demo.Demo;
import io.seqgate.devstack.probe.ProbeCommand;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * Entry point of {@code ./seqgate}: the processor's commands ({@code run}, {@code replay}) plus the
 * ones that need the embedded stack ({@code dev}, {@code demo}).
 */
public final class Cli {

    private static final String USAGE = Main.USAGE_COMMANDS + """
              dev           start an embedded Kafka broker, S3 server and processor instances (--instances N); stays up until Ctrl-C
              demo          run the blog's cat/dog experiment without and with the gate and compare
              chaos         kill, restart and starve processor instances, broker and S3 under a workload, then check every output and outcome (--kills N --duration D)
              bench         run the benchmarks on embedded stacks and write BENCHMARKS.md
              probe         measure the HTTP API's answer times under stalled sockets and many clients (README "Reliability")
            run `./seqgate <command> --help` for the options of dev, demo, chaos, probe and bench
            """;

    private Cli() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            (args.length == 0 ? err : out).print("usage: seqgate <command>\n" + USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        return switch (args[0]) {
            case "dev" -> Dev.run(rest, out, err);
            case "demo" -> Demo.run(rest, out);
            case "chaos" -> Chaos.run(rest, out, err);
            case "probe" -> ProbeCommand.run(rest, out, err);
            default -> Main.run(args, System.getenv(), out, err);
        };
    }
}
