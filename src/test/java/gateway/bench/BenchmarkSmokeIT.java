package gateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import gateway.support.NeedsTools;

/**
 * Runs the benchmark harness in its smoke mode against the packaged jar, so the harness cannot rot: it must run
 * every phase and fill every row of its table with numbers. Whether the numbers meet the targets is the full run's
 * business (BENCHMARKS.md), not this test's.
 */
@NeedsTools // nginx, wrk and hey
class BenchmarkSmokeIT {

    private static final Path OUTPUT_DIR = Path.of("target", "bench-smoke");
    private static final Path REPORT = OUTPUT_DIR.resolve("BENCHMARKS.md");
    private static final String NUMBER = "-?\\d+(\\.\\d+)?";

    private static int exitCode;
    private static String log;
    private static String report;

    @BeforeAll
    static void runSmokeBenchmark() throws IOException, InterruptedException {
        Files.createDirectories(OUTPUT_DIR);
        Path logFile = OUTPUT_DIR.resolve("run.log");
        ProcessBuilder builder = new ProcessBuilder("bash", "src/bench/run.sh", "--smoke", "--output", REPORT.toString())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        // ports of their own, away from a full run someone may have going on the default ones
        builder.environment().put("BENCH_PORT_BASE", "18190");
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        exitCode = process.isAlive() ? -1 : process.exitValue();
        log = Files.readString(logFile);
        report = Files.exists(REPORT) ? Files.readString(REPORT) : "";
    }

    @Test
    void theHarnessRunsEveryPhaseAndWritesItsReport() {
        assertThat(exitCode).as("exit code; its output:%n%s", log).isZero();
        assertThat(report).contains("# Benchmarks", "## 1. Submission path", "## 2. SSE fan-out", "## 3. Footprint",
                "### In the container's heap", "## Targets", "Mode: **smoke**");
    }

    @ParameterizedTest
    @ValueSource(strings = {"(a) direct to the stub", "(b) nginx proxy → stub", "(c) gateway → stub"})
    void everySubmissionPathHasThroughputAndLatencies(String path) {
        // saturation, p50, p90, p99, max, rate reached, errors
        assertThat(cells(path)).hasSize(7).allMatch(cell -> cell.matches(NUMBER));
    }

    @Test
    void theGatewayIsComparedWithNginx() {
        assertThat(cells("gateway ÷ nginx").subList(0, 4)).allMatch(cell -> cell.matches(NUMBER));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1 subscriber per job", "10 subscribers per job"})
    void everySseRoundCountsStreamsTerminalEventsAndPolls(String round) {
        List<String> cells = cells(round);
        assertThat(cells.get(0)).matches(NUMBER);
        assertThat(cells.get(1)).matches("subscribers=\\d+ completed=\\d+ failed=\\d+ errors=\\d+ .*");
        assertThat(cells.get(2)).matches(NUMBER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"startup, process start to `/q/health/ready` 200", "RSS when idle (after startup)",
            "heap after GC, idle", "heap per 1,000 in-flight jobs"})
    void everyFootprintMeasureHasAValue(String measure) {
        assertThat(cells(measure)).singleElement().asString().matches(NUMBER + " (ms|MB)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"connect rate", "heap per in-flight job", "heap per stream",
            "implied: 50000 streams over 5000 jobs"})
    void theRoundInTheContainerHeapHasItsFigures(String measure) {
        assertThat(cells(measure)).singleElement().asString().matches(NUMBER + " (KB|MB|streams/s)");
    }

    /** The cells after the first of the report's table row that starts with {@code label}. */
    private static List<String> cells(String label) {
        String row = report.lines().filter(line -> line.startsWith("| " + label + " |")).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + label + " in the report:\n" + report + "\n" + log));
        String[] cells = row.substring(1, row.length() - 1).split("\\|");
        return Arrays.stream(cells).skip(1).map(String::strip).toList();
    }
}
