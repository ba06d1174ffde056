package gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The largest submissions the contract allows in practice: two 1,900-character prompts and 2 KiB of metadata,
 * about 6 KB of JSON, each one different so nothing is shared between jobs.
 */
public final class LargeSubmissions {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private LargeSubmissions() {
    }

    public static String body(int n) {
        String prompt = String.format("%08d", n) + "p".repeat(1_892);
        StringBuilder metadata = new StringBuilder("{");
        for (int i = 0; i < 30; i++) {
            metadata.append(i == 0 ? "" : ",").append("\"field-").append(String.format("%02d", i)).append("\":\"")
                    .append(String.format("%08d", n)).append("v".repeat(42)).append('"');
        }
        metadata.append('}');
        return "{\"image\":\"https://images.example.com/" + n + ".png\",\"prompt\":\"" + prompt
                + "\",\"negativePrompt\":\"" + prompt + "\",\"metadata\":" + metadata + "}";
    }

    /** Submits one and returns the answer (status, headers, body). */
    public static HttpResponse<String> submit(String gatewayUrl, String bearerKey, int n) {
        return send(HttpRequest.newBuilder(URI.create(gatewayUrl + "/v1/upscales"))
                .header("Authorization", "Bearer " + bearerKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(n))));
    }

    public static HttpResponse<String> get(String url, String bearerKey) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + bearerKey).GET());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
