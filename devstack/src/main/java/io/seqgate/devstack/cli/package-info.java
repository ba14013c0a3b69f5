/**
 * The {@code ./seqgate} command line ({@link io.seqgate.devstack.cli.Cli}): the processor's own commands
 * ({@code run}, {@code replay}, {@code state}) plus {@code dev}, which starts the stack with processor
 * instances on it and prints where everything is ({@link io.seqgate.devstack.cli.Dev}, with its console
 * kept to seqgate's own lines by {@link io.seqgate.devstack.cli.DevLogging}), {@code demo}, {@code chaos}
 * and {@code probe}, all picocli commands under the processor's {@code seqgate} command.
 */
package io.seqgate.devstack.cli;
