package dev.walrusstream.devnet.sui;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault injection for a {@link LocalSuiGrpcServer}, chosen per gRPC method by its bare name (for example
 * {@code "GetObject"} or {@code "ExecuteTransaction"}): the next N calls fail with a status before they
 * reach the ledger; a call is held before it runs (a slow node); or a call runs against the ledger and its
 * answer is held (an answer lost to the client's deadline while the work took effect). It counts the calls
 * of every method and keeps the headers of the last one, so a test can prove that a fault struck.
 * Pass it to {@link LocalSuiGrpcServer#start(LocalSui, String, int, SuiFaults)}; with no fault set it only
 * counts.
 */
public final class SuiFaults implements ServerInterceptor {
    private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
    private final Map<String, Status> failureStatus = new ConcurrentHashMap<>();
    private final Map<String, Duration> requestDelays = new ConcurrentHashMap<>();
    private final Map<String, Duration> responseDelays = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private volatile Metadata lastHeaders;

    /** The next {@code times} calls of {@code method} fail with {@code status}, never reaching the ledger. */
    public SuiFaults failNext(String method, int times, Status status) {
        if (times < 0) {
            throw new IllegalArgumentException("times must be >= 0, got " + times + " for " + method);
        }
        failureStatus.put(method, Objects.requireNonNull(status, "status"));
        failuresLeft.put(method, new AtomicInteger(times));
        return this;
    }

    /** Every call of {@code method} waits {@code delay} before it runs. */
    public SuiFaults delay(String method, Duration delay) {
        requestDelays.put(method, Objects.requireNonNull(delay, "delay"));
        return this;
    }

    /** Every call of {@code method} runs at once, and its answer waits {@code delay} before it is sent. */
    public SuiFaults delayResponse(String method, Duration delay) {
        responseDelays.put(method, Objects.requireNonNull(delay, "delay"));
        return this;
    }

    /** Removes every fault; the counts stay. */
    public void clear() {
        failuresLeft.clear();
        requestDelays.clear();
        responseDelays.clear();
    }

    /** Calls of {@code method} seen so far, failed ones included. */
    public int calls(String method) {
        AtomicInteger n = calls.get(method);
        return n == null ? 0 : n.get();
    }

    /** The headers of the last call, or null before the first. */
    public Metadata lastHeaders() {
        return lastHeaders;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getBareMethodName();
        lastHeaders = headers;
        calls.computeIfAbsent(method, k -> new AtomicInteger()).incrementAndGet();
        Duration delay = requestDelays.get(method);
        if (delay != null) {
            sleep(delay);
        }
        AtomicInteger left = failuresLeft.get(method);
        if (left != null && left.getAndDecrement() > 0) {
            call.close(failureStatus.get(method), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        Duration answerDelay = responseDelays.get(method);
        if (answerDelay == null) {
            return next.startCall(call, headers);
        }
        return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void sendMessage(R message) {
                sleep(answerDelay);
                super.sendMessage(message);
            }
        }, headers);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
