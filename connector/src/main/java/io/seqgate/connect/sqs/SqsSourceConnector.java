package io.seqgate.connect.sqs;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Kafka Connect source connector for an SQS queue of S3 event notifications: every task long-polls the
 * same queue (SQS hands each message to one receiver at a time, so {@code tasks.max} above 1 just adds
 * receivers) and writes one record per object event, keyed {@code bucket/key}, for seqgate to gate.
 * A message is deleted from the queue only after Kafka acknowledged every record made from it.
 */
public final class SqsSourceConnector extends SourceConnector {

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        new SqsSourceConfig(props);
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return SqsSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return Collections.nCopies(maxTasks, props);
    }

    @Override
    public void stop() {
        // Nothing to release: the tasks own the SQS clients.
    }

    @Override
    public ConfigDef config() {
        return SqsSourceConfig.CONFIG_DEF;
    }

    /** Connect's per-setting validation, plus the checks that span settings, reported on the setting they name. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        Map<String, String> problems = SqsSourceConfig.problems(connectorConfigs);
        for (ConfigValue value : config.configValues()) {
            String problem = problems.get(value.name());
            if (problem != null) {
                value.addErrorMessage(problem);
            }
        }
        return config;
    }

    @Override
    public String version() {
        return SqsSourceTask.VERSION;
    }
}
