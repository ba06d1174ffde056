package gateway.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * Marks a test that needs programs beyond Java and Maven (kubectl, nginx, ...): the default build leaves it out, the
 * {@code with-tools} Maven profile ({@code .ci/run}, after installing them) runs it.
 */
@Tag("with-tools")
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface NeedsTools {
}
