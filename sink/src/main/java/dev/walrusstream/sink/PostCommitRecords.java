package dev.walrusstream.sink;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.util.Collector;

/** Certified committables → their receipts, and (when configured) the dead letters of blobs that failed for good. */
final class PostCommitRecords extends RichFlatMapFunction<CommittableMessage<WalrusCommittable>, KafkaRecord> {
    private static final long serialVersionUID = 1L;

    private final ReceiptMapper receipts;
    private final StoreFailureDeadLetters deadLetters;

    PostCommitRecords(ReceiptMapper receipts, StoreFailureDeadLetters deadLetters) {
        this.receipts = receipts;
        this.deadLetters = deadLetters;
    }

    @Override
    public void open(OpenContext context) throws Exception {
        receipts.open(context);
        if (deadLetters != null) {
            deadLetters.open(context);
        }
    }

    @Override
    public void flatMap(CommittableMessage<WalrusCommittable> message, Collector<KafkaRecord> out) throws Exception {
        receipts.flatMap(message, out);
        if (deadLetters != null) {
            deadLetters.flatMap(message, out);
        }
    }
}
