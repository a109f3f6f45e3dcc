package dev.walrusstream.chain.http;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walrusstream.codec.ids.SuiAddress;
import dev.walrusstream.chain.BlobObject;
import dev.walrusstream.chain.BlobStatus;
import dev.walrusstream.chain.Chain;
import dev.walrusstream.chain.ChainException;
import dev.walrusstream.chain.ChainInfo;
import dev.walrusstream.chain.ChainJson;
import dev.walrusstream.chain.Committee;
import dev.walrusstream.chain.EpochState;
import dev.walrusstream.chain.EventCursor;
import dev.walrusstream.chain.EventPage;
import dev.walrusstream.codec.ids.ObjectId;
import dev.walrusstream.chain.Results;
import dev.walrusstream.chain.Rule;
import dev.walrusstream.chain.StorageCertificate;
import dev.walrusstream.chain.http.LocalChainProtocol;
import dev.walrusstream.codec.BlobId;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link Chain} backed by a {@link LocalChainHttpServer} in another process (or this one), over
 * HTTP/JSON. Refusals come back as the same {@link ChainException.RuleViolation}s LocalChain raises;
 * transport failures are {@link ChainException.Unavailable}. Like LocalChain, it is a development
 * ledger, not Sui; {@link #info()} says so in its description.
 */
public final class LocalChainHttpClient implements Chain {
    private final URI base;
    private final SuiAddress account;
    private final HttpClient http;
    private final Duration timeout;
    private final ObjectMapper json = ChainJson.mapper();

    public LocalChainHttpClient(String baseUrl, SuiAddress account, Duration timeout) {
        String b = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.base = URI.create(b);
        if (base.getScheme() == null || !(base.getScheme().equals("http") || base.getScheme().equals("https"))) {
            throw new IllegalArgumentException("LocalChain URL must be http(s)://host:port, got '" + baseUrl + "'");
        }
        this.account = account;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    public LocalChainHttpClient(String baseUrl, SuiAddress account) {
        this(baseUrl, account, Duration.ofSeconds(30));
    }

    public URI url() {
        return base;
    }

    /** The service's health body; fails if the service is not a LocalChain. */
    public JsonNode health() {
        return get("/v1/health", JsonNode.class);
    }

    /** Development control on the served ledger: moves to the next epoch. */
    public int advanceEpoch() {
        return post("/v1/dev/advance-epoch", Map.of(), LocalChainProtocol.Epoch.class).epoch();
    }

    /** Development faucet on the served ledger. */
    public long fund(SuiAddress address, long amount) {
        return post("/v1/dev/faucet", new LocalChainProtocol.Faucet(address, amount), LocalChainProtocol.Balance.class).balance();
    }

    @Override
    public ChainInfo info() {
        return get("/v1/info", ChainInfo.class);
    }

    @Override
    public Committee committee() {
        return get("/v1/committee", Committee.class);
    }

    @Override
    public EpochState epochState() {
        return get("/v1/epoch-state", EpochState.class);
    }

    @Override
    public Optional<Committee> previousCommittee() {
        try {
            return Optional.of(get("/v1/committee/previous", Committee.class));
        } catch (NotFound e) {
            return Optional.empty();
        }
    }

    @Override
    public void epochSyncDone(ObjectId nodeId, int epoch) {
        post("/v1/tx/epoch-sync-done", new LocalChainProtocol.EpochSyncDone(nodeId, epoch), EpochState.class);
    }

    /** Development control on the served ledger: registers {@code node} with {@code stake} (joins at the next epoch). */
    public void registerNode(dev.walrusstream.chain.StorageNodeInfo node, long stake) {
        post("/v1/dev/register-node", new LocalChainProtocol.RegisterNode(node, stake), JsonNode.class);
    }

    /** Development control on the served ledger: sets a node's stake (effective at the next epoch). */
    public void setStake(ObjectId nodeId, long stake) {
        post("/v1/dev/set-stake", new LocalChainProtocol.SetStake(nodeId, stake), JsonNode.class);
    }

    /** Development control on the served ledger: moves stake from one node to another. */
    public void moveStake(ObjectId from, ObjectId to, long amount) {
        post("/v1/dev/move-stake", new LocalChainProtocol.MoveStake(from, to, amount), JsonNode.class);
    }

    @Override
    public Optional<SuiAddress> account() {
        return Optional.ofNullable(account);
    }

    @Override
    public long balance(SuiAddress address) {
        return get("/v1/accounts/" + address.hex() + "/balance", LocalChainProtocol.Balance.class).balance();
    }

    @Override
    public Results.Reservation reserveSpace(long storageSize, int epochsAhead) {
        return post("/v1/tx/reserve-space", new LocalChainProtocol.ReserveSpace(account, storageSize, epochsAhead),
                Results.Reservation.class);
    }

    @Override
    public Results.Registration registerBlob(ObjectId storageId, BlobId blobId, byte[] rootHash, long size,
                                             int encodingType, boolean deletable) {
        return post("/v1/tx/register-blob", new LocalChainProtocol.RegisterBlob(account, storageId, blobId, rootHash, size,
                encodingType, deletable), Results.Registration.class);
    }

    @Override
    public Results.Registration reserveAndRegister(BlobId blobId, byte[] rootHash, long size, int encodingType,
                                                   boolean deletable, int epochsAhead) {
        return post("/v1/tx/reserve-and-register", new LocalChainProtocol.ReserveAndRegister(account, blobId, rootHash, size,
                encodingType, deletable, epochsAhead), Results.Registration.class);
    }

    @Override
    public Results.Certification certifyBlob(ObjectId blobObjectId, StorageCertificate c) {
        return post("/v1/tx/certify-blob", new LocalChainProtocol.CertifyBlob(account, blobObjectId, c.signature(),
                c.signersBitmap(), c.message()), Results.Certification.class);
    }

    @Override
    public Results.Registrations registerBlobs(dev.walrusstream.chain.RegistrationBatch batch) {
        List<LocalChainProtocol.ReserveAndRegister> calls = new java.util.ArrayList<>();
        for (dev.walrusstream.chain.RegistrationBatch.Call c : batch.calls()) {
            calls.add(new LocalChainProtocol.ReserveAndRegister(null, c.blobId(), c.rootHash(), c.size(), c.encodingType(),
                    c.deletable(), c.epochsAhead()));
        }
        return post("/v1/tx/register-blobs", new LocalChainProtocol.RegisterBlobs(account, calls),
                Results.Registrations.class);
    }

    @Override
    public Results.Certifications certifyBlobs(dev.walrusstream.chain.CertificationBatch batch) {
        List<LocalChainProtocol.CertifyBlob> calls = new java.util.ArrayList<>();
        for (dev.walrusstream.chain.CertificationBatch.Call c : batch.calls()) {
            StorageCertificate cert = c.certificate();
            calls.add(new LocalChainProtocol.CertifyBlob(null, c.blobObjectId(), cert.signature(), cert.signersBitmap(),
                    cert.message()));
        }
        return post("/v1/tx/certify-blobs", new LocalChainProtocol.CertifyBlobs(account, calls),
                Results.Certifications.class);
    }

    @Override
    public Results.Deletion deleteBlob(ObjectId blobObjectId) {
        return post("/v1/tx/delete-blob", new LocalChainProtocol.BlobObjectOp(account, blobObjectId), Results.Deletion.class);
    }

    @Override
    public Results.Extension extendBlob(ObjectId blobObjectId, int extendedEpochs) {
        return post("/v1/tx/extend-blob", new LocalChainProtocol.ExtendBlob(account, blobObjectId, extendedEpochs),
                Results.Extension.class);
    }

    @Override
    public Results.Extensions extendBlobs(List<ObjectId> blobObjectIds, int extendedEpochs) {
        List<ObjectId> ids = dev.walrusstream.chain.ExtensionBatch.validate(blobObjectIds, extendedEpochs);
        return post("/v1/tx/extend-blobs", new LocalChainProtocol.ExtendBlobs(account, ids, extendedEpochs),
                Results.Extensions.class);
    }

    @Override
    public BlobStatus blobStatus(BlobId blobId) {
        return get("/v1/blobs/" + blobId.base64Url() + "/status", BlobStatus.class);
    }

    @Override
    public Optional<BlobObject> blobObject(ObjectId id) {
        try {
            return Optional.of(get("/v1/objects/" + id.hex(), BlobObject.class));
        } catch (NotFound e) {
            return Optional.empty();
        }
    }

    @Override
    public List<BlobObject> ownedBlobObjects(BlobId blobId) {
        if (account == null) {
            return List.of();
        }
        JavaType type = json.getTypeFactory().constructCollectionType(List.class, BlobObject.class);
        return send(HttpRequest.newBuilder(base.resolve("/v1/accounts/" + account.hex() + "/blobs/" + blobId.base64Url()))
                .GET(), type, timeout);
    }

    @Override
    public EventPage events(EventCursor after, int limit, Duration wait) {
        String path = "/v1/events?after=" + URLEncoder.encode(after.value(), StandardCharsets.UTF_8) + "&limit=" + limit
                + "&waitMillis=" + wait.toMillis();
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), json.constructType(EventPage.class),
                timeout.plus(wait));
    }

    private <T> T get(String path, Class<T> type) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), json.constructType(type), timeout);
    }

    private <T> T post(String path, Object body, Class<T> type) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot encode request for " + path + ": " + e.getMessage(), e);
        }
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)), json.constructType(type), timeout);
    }

    private <T> T send(HttpRequest.Builder request, JavaType type, Duration requestTimeout) {
        HttpRequest req = request.timeout(requestTimeout).build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ChainException.Unavailable("LocalChain at " + base + " did not answer " + req.method() + " "
                    + req.uri().getPath() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChainException.Unavailable("interrupted while calling LocalChain at " + base, e);
        }
        if (response.headers().firstValue(LocalChainProtocol.HEADER).isEmpty()) {
            throw new ChainException.Unavailable(base + " answered HTTP " + response.statusCode()
                    + " but is not a LocalChain service (no " + LocalChainProtocol.HEADER + " header)", null);
        }
        try {
            if (response.statusCode() == 200) {
                return json.readValue(response.body(), type);
            }
            LocalChainProtocol.ErrorBody err = json.readValue(response.body(), LocalChainProtocol.ErrorBody.class);
            LocalChainProtocol.Error e = err.error();
            if (response.statusCode() == 404 && "OBJECT_NOT_FOUND".equals(e.rule())) {
                throw new NotFound();
            }
            Rule rule = ruleOf(e.rule());
            if (rule != null) {
                throw new ChainException.RuleViolation(rule, e.message(), e.values() == null ? Map.of() : e.values());
            }
            if (response.statusCode() >= 500) {
                throw new ChainException.Unavailable("LocalChain at " + base + " failed (HTTP " + response.statusCode()
                        + " " + e.rule() + "): " + e.message(), null);
            }
            throw new ChainException.RuleViolation(Rule.INVALID_ARGUMENT, e.rule() + ": " + e.message(),
                    new HashMap<>(Map.of("httpStatus", response.statusCode())));
        } catch (IOException x) {
            throw new ChainException.Unavailable("LocalChain at " + base + " sent an unreadable response (HTTP "
                    + response.statusCode() + "): " + x.getMessage(), x);
        }
    }

    private static Rule ruleOf(String name) {
        try {
            return name == null ? null : Rule.valueOf(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static final class NotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotFound() {
            super(null, null, false, false);
        }
    }

    @Override
    public void close() {
        // HttpClient has no close() before Java 21; its threads end with the JVM or when unreferenced.
    }

    @Override
    public String toString() {
        return "LocalChainHttpClient[" + base + ", account " + account + "] (LocalChain service: local development ledger, not Sui)";
    }
}
