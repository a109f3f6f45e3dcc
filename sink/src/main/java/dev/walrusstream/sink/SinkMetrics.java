package dev.walrusstream.sink;

import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

import java.util.concurrent.atomic.AtomicLong;

/** Small metric helpers: a latency gauge (last value and maximum since start). */
final class SinkMetrics {
    private SinkMetrics() {
    }

    static Latency latency(MetricGroup group, String name) {
        Latency l = new Latency();
        group.gauge(name, (Gauge<Long>) l.last::get);
        group.gauge(name + "Max", (Gauge<Long>) l.max::get);
        return l;
    }

    static final class Latency {
        final AtomicLong last = new AtomicLong();
        final AtomicLong max = new AtomicLong();

        void record(long millis) {
            last.set(millis);
            max.accumulateAndGet(millis, Math::max);
        }
    }
}
