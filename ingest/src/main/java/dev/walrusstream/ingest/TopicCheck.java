package dev.walrusstream.ingest;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Before producing: the broker answers, the topic exists (or is created on request) and accepts records as large
 * as a chunk. Each failure says what to do.
 */
public final class TopicCheck {
    private static final int TIMEOUT_SECONDS = 15;

    private TopicCheck() {
    }

    /**
     * @param createPartitions create the topic with this many partitions when missing; 0 = do not create
     * @throws IllegalStateException naming the broker, topic and limit that is wrong
     */
    public static void verify(String bootstrap, String topic, int chunkSize, int createPartitions) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(TIMEOUT_SECONDS * 1000));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(TIMEOUT_SECONDS * 1000));
        try (Admin admin = Admin.create(p)) {
            Set<String> names = call(admin.listTopics().names(), bootstrap, "list topics");
            if (!names.contains(topic)) {
                if (createPartitions <= 0) {
                    throw new IllegalStateException("topic " + topic + " does not exist on Kafka at " + bootstrap
                            + "; create it, or pass --create-topic");
                }
                NewTopic nt = new NewTopic(topic, createPartitions, (short) -1).configs(Map.of("max.message.bytes",
                        Integer.toString(chunkSize + KafkaChunkSink.RECORD_OVERHEAD)));
                try {
                    call(admin.createTopics(List.of(nt)).all(), bootstrap, "create topic " + topic);
                } catch (IllegalStateException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            ConfigResource res = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Map<ConfigResource, Config> configs = describeOnceKnown(admin, res, bootstrap);
            ConfigEntry max = configs.get(res).get("max.message.bytes");
            int needed = chunkSize + KafkaChunkSink.RECORD_OVERHEAD;
            if (max != null && max.value() != null && Long.parseLong(max.value()) < needed) {
                throw new IllegalStateException("topic " + topic + " on " + bootstrap + " accepts records up to "
                        + max.value() + " bytes (max.message.bytes), but chunks of " + chunkSize + " bytes need "
                        + needed + ": lower --chunk-size or raise the topic's max.message.bytes");
            }
        }
    }

    /**
     * The topic's configuration. A topic just created (here or by another client) can be unknown to the broker that
     * answers for a moment, until the controller's metadata reaches it; that answer is asked again, with backoff, for
     * up to {@link #TIMEOUT_SECONDS}, and only then reported as a missing topic.
     */
    private static Map<ConfigResource, Config> describeOnceKnown(Admin admin, ConfigResource res, String bootstrap) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        long backoffMillis = 50;
        while (true) {
            try {
                return call(admin.describeConfigs(List.of(res)).all(), bootstrap, "describe topic " + res.name());
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(backoffMillis);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted: describe topic " + res.name(), ie);
            }
            backoffMillis = Math.min(backoffMillis * 2, 1000);
        }
    }

    private static <T> T call(org.apache.kafka.common.KafkaFuture<T> f, String bootstrap, String what) {
        try {
            return f.get(TIMEOUT_SECONDS + 5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + what, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrap + " did not answer within " + TIMEOUT_SECONDS
                    + " s (" + what + "); is the broker running and the address right?", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new IllegalStateException("Kafka at " + bootstrap + " did not answer within "
                        + TIMEOUT_SECONDS + " s (" + what + "); is the broker running and the address right?", c);
            }
            if (c instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException("topic does not exist on " + bootstrap + " (" + what + ")", c);
            }
            throw new IllegalStateException("Kafka at " + bootstrap + ": cannot " + what + ": " + c.getMessage(), c);
        }
    }
}
