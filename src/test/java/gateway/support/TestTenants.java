package gateway.support;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;

/** The tenants configured for tests (see the %test properties) and requests made as them. */
public final class TestTenants {

    public static final String ACME_KEY = "acme-secret-key";
    public static final String ACME_APIFRAME_KEY = "afk_test_acme_key";
    public static final String GLOBEX_KEY = "globex-secret-key";
    public static final String GLOBEX_APIFRAME_KEY = "afk_test_globex_key";

    private TestTenants() {
    }

    public static RequestSpecification asAcme() {
        return given().header("Authorization", "Bearer " + ACME_KEY);
    }

    public static RequestSpecification asGlobex() {
        return given().header("Authorization", "Bearer " + GLOBEX_KEY);
    }
}
