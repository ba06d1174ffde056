package gateway.api;

import java.util.List;

/** One page of {@code GET /v1/upscales}. */
public record JobListResponse(List<JobResponse> items, String nextCursor) {
}
