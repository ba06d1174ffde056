package gateway.emulator;

import java.net.URI;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Where a job's webhooks go and which events it wants: its submission's {@code webhookUrl} and {@code webhookEvents}. */
record WebhookSubscription(URI url, Set<WebhookEvent> events) {

    /**
     * Reads a request that {@link ApiframeRules} found valid; empty without a {@code webhookUrl}. The excerpt gives
     * {@code webhookEvents} no default, so without it the emulator sends all three events.
     */
    static Optional<WebhookSubscription> of(JsonObject request) {
        String url = request.getString("webhookUrl");
        if (url == null) {
            return Optional.empty();
        }
        JsonArray named = request.getJsonArray("webhookEvents");
        Set<WebhookEvent> events = EnumSet.noneOf(WebhookEvent.class);
        if (named == null) {
            events.addAll(EnumSet.allOf(WebhookEvent.class));
        } else {
            named.forEach(name -> events.add(WebhookEvent.named((String) name)));
        }
        return Optional.of(new WebhookSubscription(URI.create(url), Set.copyOf(events)));
    }

    boolean wants(WebhookEvent event) {
        return events.contains(event);
    }
}
