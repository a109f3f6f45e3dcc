package dev.walrusstream.sui.rpc;

import dev.walrusstream.sui.rpc.internal.Calls;
import dev.walrusstream.sui.rpc.internal.ProtoMapper;
import dev.walrusstream.sui.rpc.proto.SubscribeCheckpointsRequest;
import dev.walrusstream.sui.rpc.proto.SubscribeCheckpointsResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A live {@code SubscribeCheckpoints} stream, read one checkpoint at a time with backpressure (the
 * next checkpoint is requested only after the previous one was taken, so a slow reader never
 * buffers the chain in memory). Checkpoints arrive in order without gaps from the moment of
 * subscription; a reader that reconnects fills gaps with {@link SuiClient#getCheckpoint}.
 */
public final class CheckpointStream implements AutoCloseable {
    private static final Object END = new Object();
    private static final String OPERATION = "SubscriptionService/SubscribeCheckpoints";

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Calls calls;
    private volatile ClientCallStreamObserver<SubscribeCheckpointsRequest> call;
    private volatile boolean closed;

    CheckpointStream(Calls calls) {
        this.calls = calls;
    }

    ClientResponseObserver<SubscribeCheckpointsRequest, SubscribeCheckpointsResponse> observer() {
        return new ClientResponseObserver<>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<SubscribeCheckpointsRequest> requestStream) {
                call = requestStream;
                requestStream.disableAutoRequestWithInitial(1);
            }

            @Override
            public void onNext(SubscribeCheckpointsResponse value) {
                queue.add(value);
            }

            @Override
            public void onError(Throwable t) {
                queue.add(t);
            }

            @Override
            public void onCompleted() {
                queue.add(END);
            }
        };
    }

    /**
     * The next checkpoint, or empty when none arrived within {@code timeout}. Throws a
     * {@link SuiRpcException} when the stream failed or ended (then open a new one).
     */
    public Optional<Checkpoint> next(Duration timeout) {
        if (closed) {
            throw new IllegalStateException("checkpoint stream is closed");
        }
        Object item;
        try {
            item = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SuiRpcException(OPERATION, Status.Code.CANCELLED, "interrupted while waiting for a checkpoint", 1, e);
        }
        if (item == null) {
            return Optional.empty();
        }
        if (item instanceof SubscribeCheckpointsResponse response) {
            call.request(1);
            Checkpoint cp = ProtoMapper.checkpoint(response.getCheckpoint());
            if (!response.getCheckpoint().hasSequenceNumber() && response.hasCursor()) {
                cp = new Checkpoint(response.getCursor(), cp.digest(), cp.epoch(), cp.timestamp(), cp.transactions());
            }
            return Optional.of(cp);
        }
        queue.add(item); // keep reporting the terminal state to later calls
        if (item == END) {
            throw new SuiRpcException(OPERATION, Status.Code.UNAVAILABLE, "the server ended the checkpoint stream", 1, null);
        }
        Throwable t = (Throwable) item;
        if (t instanceof StatusRuntimeException sre) {
            throw calls.toException(OPERATION, sre, 1, null);
        }
        throw new SuiRpcException(OPERATION, Status.fromThrowable(t).getCode(), String.valueOf(t.getMessage()), 1, t);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            ClientCallStreamObserver<SubscribeCheckpointsRequest> c = call;
            if (c != null) {
                c.cancel("checkpoint stream closed by the client", null);
            }
        }
    }
}
