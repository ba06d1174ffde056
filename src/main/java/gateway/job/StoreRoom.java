package gateway.job;

import java.util.Map;

/**
 * Room in the store for the jobs it keeps, taken before Apiframe is called: a full store refuses a submission
 * rather than forget a job Apiframe has charged for.
 */
public interface StoreRoom {

    /** Redis bounds itself (retention TTLs, its own {@code maxmemory}): every submission finds room. */
    StoreRoom UNBOUNDED = (parameters, metadata) -> () -> {
    };

    /**
     * Holds room for the job a submission would become until {@link Hold#release()}; by then the job is stored
     * and counts for itself. Throws {@link StoreFullException} when jobs in flight leave no room.
     */
    Hold reserve(UpscaleParameters parameters, Map<String, Object> metadata);

    interface Hold {
        void release();
    }
}
