package gateway.emulator;

/** The statuses an emulated job goes through; Apiframe's CANCELLED is never reached because no route cancels. */
enum JobStatus {
    QUEUED,
    PROCESSING,
    COMPLETED,
    FAILED
}
