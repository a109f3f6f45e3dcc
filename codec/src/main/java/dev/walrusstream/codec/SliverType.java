package dev.walrusstream.codec;

/**
 * The two sliver axes. Primary slivers are rows of the expanded matrix (what readers fetch, n_s
 * symbols each); secondary slivers are columns (n_p symbols each). The BCS tag is the ordinal.
 */
public enum SliverType {
    PRIMARY("primary"),
    SECONDARY("secondary");

    private final String label;

    SliverType(String label) {
        this.label = label;
    }

    /** Lower-case name as it appears in REST paths ({@code /slivers/{pair}/primary}). */
    public String label() {
        return label;
    }

    public SliverType orthogonal() {
        return this == PRIMARY ? SECONDARY : PRIMARY;
    }

    public static SliverType fromLabel(String label) {
        for (SliverType t : values()) {
            if (t.label.equals(label)) {
                return t;
            }
        }
        throw new IllegalArgumentException("sliver type must be 'primary' or 'secondary', got '" + label + "'");
    }
}
