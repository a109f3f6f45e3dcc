package dev.walrusstream.chain;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Live deletable blob objects of a blob ID, and how many of them are certified. */
public record DeletableCounts(@JsonProperty("count_deletable_total") int countDeletableTotal,
                              @JsonProperty("count_deletable_certified") int countDeletableCertified) {
    public static final DeletableCounts NONE = new DeletableCounts(0, 0);
}
