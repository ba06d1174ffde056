package gateway.emulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** One emulator answer: an HTTP status and Apiframe's JSON body for it. */
record Reply(int status, JsonObject body) {

    static Reply error(int status, String message) {
        return new Reply(status, new JsonObject().put("error", message));
    }

    /** Apiframe's 400 for a body that fails its schema: every offending JSON path with its messages. */
    static Reply validationFailed(Map<String, List<String>> details) {
        return new Reply(400, new JsonObject().put("error", "Validation failed").put("details", new JsonObject(new LinkedHashMap<>(details))));
    }

    void send(RoutingContext ctx) {
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(body.encode());
    }
}
