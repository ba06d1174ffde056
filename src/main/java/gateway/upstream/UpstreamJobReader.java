package gateway.upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads an {@link UpstreamJob} into an {@link UpstreamJobState}, rejecting what breaks Apiframe's contract. */
final class UpstreamJobReader {

    private UpstreamJobReader() {
    }

    static UpstreamJobState read(UpstreamJob job) {
        if (job == null || job.status() == null) {
            throw new UpstreamContractException("Apiframe sent a job without a status");
        }
        UpstreamStatus status;
        try {
            status = UpstreamStatus.valueOf(job.status().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UpstreamContractException("Apiframe sent an unknown job status");
        }
        return new UpstreamJobState(status, progress(job.progress()), images(job.result()), error(job.error()));
    }

    private static Integer progress(JsonNode progress) {
        return progress != null && progress.isNumber() ? progress.asInt() : null;
    }

    /** Both documented shapes: {@code {"images":[...]}} and a bare URL string; a bare array is tolerated too. */
    private static List<String> images(JsonNode result) {
        List<String> images = new ArrayList<>(); // per call: the images of one Apiframe answer
        if (result == null || result.isNull()) {
            return images;
        }
        if (result.isTextual()) {
            images.add(result.asText());
        } else if (result.isObject() && result.has("images")) {
            addUrls(result.get("images"), images);
        } else if (result.isArray()) {
            addUrls(result, images);
        }
        images.removeIf(String::isBlank);
        return List.copyOf(images);
    }

    private static void addUrls(JsonNode node, List<String> images) {
        if (node.isTextual()) {
            images.add(node.asText());
        } else if (node.isArray()) {
            node.forEach(item -> {
                if (item.isTextual()) {
                    images.add(item.asText());
                } else if (item.isObject() && item.path("url").isTextual()) {
                    images.add(item.get("url").asText());
                }
            });
        }
    }

    private static String error(JsonNode error) {
        if (error == null || error.isNull()) {
            return null;
        }
        String text = error.isTextual() ? error.asText() : error.path("message").asText(error.toString());
        return UpstreamErrorClassifier.redact(text);
    }
}
