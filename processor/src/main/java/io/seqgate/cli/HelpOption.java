package io.seqgate.cli;

import picocli.CommandLine.Option;

/** {@code -h}/{@code --help}, mixed into every seqgate command ({@code @Mixin HelpOption help;}). */
public final class HelpOption {

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "print this help and exit")
    boolean requested;
}
