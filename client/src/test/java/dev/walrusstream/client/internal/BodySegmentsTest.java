package dev.walrusstream.client.internal;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A body of slices: published in order, one buffer per request, again for every attempt, never copied into the publisher. */
class BodySegmentsTest {
    /** Requests {@code step} buffers at a time, from inside onNext, and collects the bytes. */
    static class Collector implements Flow.Subscriber<ByteBuffer> {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<Integer> sizes = new ArrayList<>();
        final AtomicBoolean complete = new AtomicBoolean();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        final int step;
        Flow.Subscription subscription;
        int outstanding;

        Collector(int step) {
            this.step = step;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            outstanding = step;
            s.request(step);
        }

        @Override
        public void onNext(ByteBuffer item) {
            assertFalse(complete.get(), "nothing after onComplete");
            sizes.add(item.remaining());
            byte[] b = new byte[item.remaining()];
            item.get(b);
            bytes.writeBytes(b);
            if (--outstanding == 0) {
                outstanding = step;
                subscription.request(step);
            }
        }

        @Override
        public void onError(Throwable t) {
            error.set(t);
        }

        @Override
        public void onComplete() {
            assertTrue(complete.compareAndSet(false, true), "onComplete once");
        }
    }

    @Test
    void publishesTheSlicesInOrderInWindowsOfAtMostTheBufferSize() {
        byte[] big = new byte[BodySegments.MAX_BUFFER * 2 + 1000];
        new Random(1).nextBytes(big);
        byte[] head = {1, 2, 3};
        BodySegments body = BodySegments.builder().add(head).add(big, 7, big.length - 7).add(new byte[0]).build();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(head);
        expected.write(big, 7, big.length - 7);
        assertEquals(expected.size(), body.length());
        assertArrayEquals(expected.toByteArray(), body.toByteArray());
        assertEquals(expected.size(), body.publisher().contentLength());

        for (int step : new int[]{1, 2, 100}) {
            // the JDK wraps our publisher; subscribing to it directly exercises the same flow
            Collector c = new Collector(step);
            body.publisher().subscribe(c);
            assertTrue(c.complete.get(), "complete with requests of " + step);
            assertArrayEquals(expected.toByteArray(), c.bytes.toByteArray(), "requests of " + step);
            assertTrue(c.sizes.stream().allMatch(n -> n <= BodySegments.MAX_BUFFER), c.sizes.toString());
        }
        // a second attempt publishes the whole body again (positions are not shared)
        Collector again = new Collector(3);
        body.publisher().subscribe(again);
        assertArrayEquals(expected.toByteArray(), again.bytes.toByteArray());
    }

    @Test
    void aNonPositiveRequestIsAnErrorAndASliceOutsideItsArrayIsRefused() {
        BodySegments body = BodySegments.builder().add(new byte[10]).build();
        Collector c = new Collector(1) {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(0);
            }
        };
        body.publisher().subscribe(c);
        assertInstanceOf(IllegalArgumentException.class, c.error.get());
        assertFalse(c.complete.get());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BodySegments.builder().add(new byte[10], 8, 3));
        assertTrue(e.getMessage().contains("[8, +3)") && e.getMessage().contains("10 bytes"), e.getMessage());
    }
}
