package dev.walrusstream.client.internal;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A request body made of slices of existing arrays (say a batch's small headers and its slivers' symbol
 * arrays), sent as they are: the JDK's {@code BodyPublishers.ofByteArray} copies a body into fresh 16 KiB
 * buffers, and building one body array first copies every sliver once more. The arrays must not change
 * while a request with this body is being sent; each attempt gets a fresh {@link #publisher()}.
 */
public final class BodySegments {
    /** The largest buffer handed to the HTTP client at a time (a window of a larger array, not a copy). */
    static final int MAX_BUFFER = 256 << 10;

    private final List<ByteBuffer> buffers;
    private final long length;

    private BodySegments(List<ByteBuffer> buffers, long length) {
        this.buffers = buffers;
        this.length = length;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Bytes in the body (the request's Content-Length). */
    public long length() {
        return length;
    }

    /** The body's bytes in one array (a copy: for tests and fallbacks). */
    public byte[] toByteArray() {
        byte[] out = new byte[Math.toIntExact(length)];
        int at = 0;
        for (ByteBuffer b : buffers) {
            ByteBuffer d = b.duplicate();
            int n = d.remaining();
            d.get(out, at, n);
            at += n;
        }
        return out;
    }

    /** A publisher of the body with a fixed Content-Length, for one request attempt. */
    public HttpRequest.BodyPublisher publisher() {
        return HttpRequest.BodyPublishers.fromPublisher(new Publisher(buffers), length);
    }

    /** Collects the slices in order. */
    public static final class Builder {
        private final List<ByteBuffer> buffers = new ArrayList<>();
        private long length;

        /** Adds {@code array[offset, offset + count)}; the array is referenced, not copied. */
        public Builder add(byte[] array, int offset, int count) {
            if (offset < 0 || count < 0 || offset > array.length - count) {
                throw new IllegalArgumentException("slice [" + offset + ", +" + count + ") lies outside an array of "
                        + array.length + " bytes");
            }
            for (int at = offset; at < offset + count; at += MAX_BUFFER) {
                buffers.add(ByteBuffer.wrap(array, at, Math.min(MAX_BUFFER, offset + count - at)).slice());
            }
            length += count;
            return this;
        }

        public Builder add(byte[] array) {
            return add(array, 0, array.length);
        }

        public BodySegments build() {
            return new BodySegments(List.copyOf(buffers), length);
        }
    }

    /** Emits the buffers (duplicates, so attempts never share positions) as the subscriber asks for them. */
    private static final class Publisher implements Flow.Publisher<ByteBuffer> {
        private final List<ByteBuffer> buffers;

        Publisher(List<ByteBuffer> buffers) {
            this.buffers = buffers;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
            subscriber.onSubscribe(new Subscription(subscriber, buffers));
        }
    }

    private static final class Subscription implements Flow.Subscription {
        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private final List<ByteBuffer> buffers;
        private final AtomicLong demand = new AtomicLong();
        /** Serialises the emitting loop: request() may be called from onNext, or from another thread. */
        private final AtomicInteger work = new AtomicInteger();
        private volatile boolean done;
        private int next;

        Subscription(Flow.Subscriber<? super ByteBuffer> subscriber, List<ByteBuffer> buffers) {
            this.subscriber = subscriber;
            this.buffers = buffers;
        }

        @Override
        public void request(long n) {
            if (done) {
                return;
            }
            if (n <= 0) {
                done = true;
                subscriber.onError(new IllegalArgumentException("a subscriber must request at least one buffer, asked " + n));
                return;
            }
            demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
            emit();
        }

        private void emit() {
            if (work.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            do {
                while (!done && next < buffers.size() && demand.get() > 0) {
                    demand.decrementAndGet();
                    subscriber.onNext(buffers.get(next++).duplicate());
                }
                if (!done && next == buffers.size()) {
                    done = true;
                    subscriber.onComplete();
                }
                missed = work.addAndGet(-missed);
            } while (missed != 0);
        }

        @Override
        public void cancel() {
            done = true;
        }
    }
}
