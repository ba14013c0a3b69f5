package io.seqgate.cli;

import io.seqgate.config.InvalidConfigException;
import io.seqgate.config.SeqgateConfig;
import io.seqgate.config.Settings;
import io.seqgate.runtime.ProcessorRunner;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code seqgate run}: the production processor, until SIGTERM; the processor image's command. */
@Command(name = "run", resourceBundle = "io.seqgate.cli.usage.run")
final class RunCommand implements Callable<Integer> {

    private final Console console;

    @Mixin
    HelpOption help;

    RunCommand(Console console) {
        this.console = console;
    }

    @Override
    public Integer call() {
        SeqgateConfig config = SeqgateConfig.fromEnv(console.env());
        if (config.locations().output() == null) {
            throw new InvalidConfigException(
                    List.of(Settings.OUTPUT_BUCKET.name() + " is required to run the processor"));
        }
        ProcessorRunner runner = ProcessorRunner.forConfig(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                runner.close(Duration.ofSeconds(30));
                            } finally {
                                stopped.countDown();
                            }
                        },
                        "seqgate-shutdown"));
        runner.start();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
