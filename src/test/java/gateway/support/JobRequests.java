package gateway.support;

import static gateway.support.TestTenants.asAcme;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Shortcuts for the requests most tests make. */
public final class JobRequests {

    public static final String IMAGE = "https://images.example.com/cat.png";

    private JobRequests() {
    }

    /** Submits a minimal job as acme and returns its gateway id. */
    public static String submitAsAcme() {
        return postAsAcme().then().statusCode(202).extract().path("id");
    }

    /** Posts a minimal job as acme and returns whatever the gateway answers. */
    public static Response postAsAcme() {
        return asAcme().contentType(ContentType.JSON).body("{\"image\":\"" + IMAGE + "\"}").post("/v1/upscales");
    }
}
