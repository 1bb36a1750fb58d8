package io.jvalkey.server.coverage;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test as covering commands that a differential script cannot compare with redis-server
 * (SHUTDOWN, MONITOR, DEBUG ...). Names as COMMAND LIST prints them: "monitor", "debug",
 * "config|rewrite". {@link CommandCoverageTest} reads these markers from the test sources.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@Repeatable(Covers.List.class)
public @interface Covers {
    String[] value();

    /** Container for repeated markers. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.TYPE})
    @interface List {
        Covers[] value();
    }
}
