package gateway.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records the log records the gateway and its framework write while it is installed; the test's own HTTP client and
 * the fake Apiframe are left out, as they log the keys they send and receive.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private static final List<String> GATEWAY_SIDE = List.of("gateway", "io.quarkus", "org.jboss", "io.vertx",
            "io.netty", "io.smallrye", "org.hibernate");

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogCapture() {
    }

    public static LogCapture start() {
        LogCapture capture = new LogCapture();
        Logger.getLogger("").addHandler(capture);
        return capture;
    }

    /** Records at WARN or above, or carrying a throwable: what a caller's mistake must not produce. */
    public List<String> warningsOrTraces() {
        return records.stream()
                .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue() || r.getThrown() != null)
                .map(r -> r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage()
                        + (r.getThrown() == null ? "" : " " + r.getThrown()))
                .toList();
    }

    /** Records at ERROR: what only the gateway's own faults may produce. */
    public List<String> errors() {
        return records.stream().filter(r -> r.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogRecord::getMessage).toList();
    }

    /** Every record as one line: its message, its parameters and its throwable's causes. */
    public List<String> lines() {
        return records.stream().map(LogCapture::line).toList();
    }

    private static String line(LogRecord record) {
        StringBuilder line = new StringBuilder(String.valueOf(record.getMessage()));
        if (record.getParameters() != null) {
            for (Object parameter : record.getParameters()) {
                line.append(' ').append(parameter);
            }
        }
        for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
            line.append(' ').append(t);
        }
        return line.toString();
    }

    @Override
    public void publish(LogRecord record) {
        String logger = String.valueOf(record.getLoggerName());
        if (GATEWAY_SIDE.stream().anyMatch(logger::startsWith)) {
            records.add(record);
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
