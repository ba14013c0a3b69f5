package io.seqgate.devstack.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Logging of {@code ./seqgate dev} ({@code dev-logback.xml}): everything to a log file, and on the
 * console only seqgate's own lines and errors, so the banner and what the processor does stay readable.
 */
public final class DevLogging {

    /** The setting through which a user picks a logback configuration of their own; it wins. */
    static final String USER_CONFIGURATION = "logback.configurationFile";

    private DevLogging() {}

    /**
     * Sends the log to {@code file} (overwritten) and keeps the console to seqgate's lines and errors,
     * unless the user chose a configuration with {@code -Dlogback.configurationFile}.
     *
     * @return whether the log now goes to {@code file}
     */
    public static boolean toFile(Path file) {
        if (System.getProperty(USER_CONFIGURATION) != null) {
            return false;
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        context.putProperty("SEQGATE_DEV_LOG", file.toAbsolutePath().toString());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(DevLogging.class.getResource("dev-logback.xml"));
        } catch (JoranException e) {
            throw new IllegalStateException("cannot configure logging to " + file, e);
        }
        return true;
    }
}
