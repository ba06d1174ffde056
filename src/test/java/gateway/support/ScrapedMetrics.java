package gateway.support;

import static io.restassured.RestAssured.given;

/** Values read from the application's {@code /q/metrics} on the management port. */
public final class ScrapedMetrics {

    private ScrapedMetrics() {
    }

    /** The series' value, 0 while it does not exist yet. */
    public static double value(String series) {
        return scrape().lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).strip())).orElse(0.0);
    }

    /** The sum of every series whose name and labels start so: {@code family{operation="poll"} of every status. */
    public static double sum(String seriesPrefix) {
        return scrape().lines().filter(line -> line.startsWith(seriesPrefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static String scrape() {
        return given().port(ManagementPort.get()).get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
