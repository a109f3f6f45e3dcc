package dev.walrusstream.node.internal;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Cross-origin access to the storage-node REST API, as Walrus's node grants it (tower-http's
 * {@code CorsLayer} with any origin, any method, any header): every response carries
 * {@code Access-Control-Allow-Origin: *}, and a preflight ({@code OPTIONS} with
 * {@code Access-Control-Request-Method}) is answered 200 with {@code *} for methods and headers, without
 * reaching the API. This is what lets a web page running the official SDK read slivers straight from the
 * nodes.
 */
public final class CorsHandler extends Handler.Wrapper {
    static final String ANY = "*";
    static final String VARY = "origin, access-control-request-method, access-control-request-headers";

    public CorsHandler(Handler api) {
        super(api);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, ANY);
        response.getHeaders().put(HttpHeader.VARY, VARY);
        if (isPreflight(request)) {
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, ANY);
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, ANY);
            response.setStatus(HttpStatus.OK_200);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
            callback.succeeded();
            return true;
        }
        return super.handle(request, response, callback);
    }

    static boolean isPreflight(Request request) {
        return HttpMethod.OPTIONS.is(request.getMethod())
                && request.getHeaders().get(HttpHeader.ACCESS_CONTROL_REQUEST_METHOD) != null;
    }
}
