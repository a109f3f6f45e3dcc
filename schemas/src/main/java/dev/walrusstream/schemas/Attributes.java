package dev.walrusstream.schemas;

/** Attribute keys ingest sets on uploads (they travel in {@code BlobChunk.attributes} and become quilt tags). */
public final class Attributes {
    /** Base name of the file. */
    public static final String NAME = "name";
    /** {@value #FORMAT_WEBDATASET}, {@value #FORMAT_TAR} or {@value #FORMAT_PARQUET}, when recognised. */
    public static final String FORMAT = "format";
    public static final String FORMAT_WEBDATASET = "webdataset";
    public static final String FORMAT_TAR = "tar";
    public static final String FORMAT_PARQUET = "parquet";
    /** Samples (WebDataset: distinct sample keys; Parquet: rows), a decimal number. */
    public static final String SAMPLES = "samples";
    /** Regular files in a tar. */
    public static final String TAR_ENTRIES = "tar.entries";
    /** Comma-separated, sorted sample extensions of a WebDataset shard, for example {@code cls,jpg}. */
    public static final String WEBDATASET_EXTENSIONS = "webdataset.extensions";
    /** First and last sample key in shard order. */
    public static final String WEBDATASET_FIRST_KEY = "webdataset.firstKey";
    public static final String WEBDATASET_LAST_KEY = "webdataset.lastKey";
    public static final String PARQUET_ROWS = "parquet.rows";
    public static final String PARQUET_ROW_GROUPS = "parquet.rowGroups";
    public static final String PARQUET_COLUMNS = "parquet.columns";
    public static final String PARQUET_CREATED_BY = "parquet.createdBy";

    private Attributes() {
    }
}
