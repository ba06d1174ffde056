package gateway.job;

import com.fasterxml.jackson.annotation.JsonValue;

/** The gateway's job states, in the only order a job may move through them. */
public enum JobStatus {
    QUEUED, PROCESSING, COMPLETED, FAILED;

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The status named by its wire name, or null when there is none. */
    public static JobStatus fromWireName(String name) {
        for (JobStatus status : values()) {
            if (status.wireName().equals(name)) {
                return status;
            }
        }
        return null;
    }
}
