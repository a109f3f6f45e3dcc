package dev.walrusstream.schemas.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walrusstream.schemas.registry.IncompatibleSchemaException;
import dev.walrusstream.schemas.registry.InvalidSchemaException;
import dev.walrusstream.schemas.registry.RegistryClientConfig;
import dev.walrusstream.schemas.registry.RegistryUnavailableException;
import dev.walrusstream.schemas.registry.SchemaNotFoundException;
import dev.walrusstream.schemas.registry.SchemaRegistryException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * JSON over HTTP for the Confluent registry protocol: one request, retries for unreachable registries and 5xx,
 * and registry errors turned into exceptions that name the method, URL, subject, status and registry message.
 */
public final class RegistryHttp {
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = "application/vnd.schemaregistry.v1+json, application/json";

    private final RegistryClientConfig config;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    public RegistryHttp(RegistryClientConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public ObjectMapper json() {
        return json;
    }

    /** {@code GET path}. */
    public JsonNode get(String path, String subject) {
        return send("GET", path, null, subject);
    }

    /** {@code method path} with a JSON body (or none when {@code body} is null). */
    public JsonNode send(String method, String path, JsonNode body, String subject) {
        URI uri = URI.create(config.baseUrl() + path);
        HttpRequest.BodyPublisher publisher = body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(config.requestTimeout())
                .header("Accept", ACCEPT)
                .header("Content-Type", CONTENT_TYPE)
                .method(method, publisher)
                .build();
        String what = method + " " + uri + subjectNote(subject);
        Exception lastFailure = null;
        int lastStatus = 0;
        String lastBody = null;
        for (int attempt = 1; attempt <= config.attempts(); attempt++) {
            if (attempt > 1) {
                pause();
            }
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                lastFailure = e;
                lastStatus = 0;
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryUnavailableException("interrupted during " + what, uri, subject, 0, e);
            }
            int status = response.statusCode();
            if (status >= 500) {
                lastFailure = null;
                lastStatus = status;
                lastBody = response.body();
                continue;
            }
            return handle(response, what, uri, subject);
        }
        String cause = lastFailure != null
                ? describe(lastFailure)
                : "HTTP " + lastStatus + ": " + abbreviate(lastBody);
        throw new RegistryUnavailableException("schema registry at " + config.baseUrl() + " is unavailable: " + what
                + " failed after " + config.attempts() + " attempt(s): " + cause, uri, subject, lastStatus,
                lastFailure);
    }

    private JsonNode handle(HttpResponse<String> response, String what, URI uri, String subject) {
        int status = response.statusCode();
        String body = response.body();
        if (status >= 200 && status < 300) {
            try {
                return body == null || body.isBlank() ? json.nullNode() : json.readTree(body);
            } catch (IOException e) {
                throw new SchemaRegistryException(what + " answered " + status + " with a body that is not JSON: "
                        + abbreviate(body), uri, subject, status, 0, e);
            }
        }
        int errorCode = 0;
        String message = abbreviate(body);
        try {
            JsonNode err = json.readTree(body);
            if (err != null && err.has("error_code")) {
                errorCode = err.get("error_code").asInt();
            }
            if (err != null && err.hasNonNull("message")) {
                message = err.get("message").asText();
            }
        } catch (IOException | RuntimeException ignored) {
            // not JSON: keep the raw body as the message
        }
        String text = "schema registry " + what + " answered " + status
                + (errorCode != 0 ? " (error " + errorCode + ")" : "") + ": " + message;
        switch (status) {
            case 404:
                throw new SchemaNotFoundException(text, uri, subject, status, errorCode);
            case 409:
                throw new IncompatibleSchemaException(text, uri, subject, status, errorCode);
            case 400:
            case 422:
                throw new InvalidSchemaException(text, uri, subject, status, errorCode);
            default:
                throw new SchemaRegistryException(text, uri, subject, status, errorCode, null);
        }
    }

    private void pause() {
        try {
            Thread.sleep(config.retryBackoff().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String subjectNote(String subject) {
        return subject == null ? "" : " (subject " + subject + ")";
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        String name = e.getClass().getSimpleName();
        if (e instanceof java.net.ConnectException && (m == null || m.isBlank())) {
            return "connection refused (ConnectException)";
        }
        return (m == null || m.isBlank() ? "" : m + " ") + "(" + name + ")";
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "<no body>";
        }
        String t = s.strip();
        return t.length() <= 500 ? t : t.substring(0, 500) + "...";
    }
}
