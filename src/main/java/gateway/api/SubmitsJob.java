package gateway.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint that submits a job. {@link TenantRoutes} reads it once, so the filters that treat submissions
 * apart (refused while draining, rate-limited as submissions, counted by outcome) know them before routing.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface SubmitsJob {
}
