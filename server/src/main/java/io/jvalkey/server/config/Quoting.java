package io.jvalkey.server.config;

import io.jvalkey.server.info.Repr;
import java.nio.charset.StandardCharsets;

/** Quoting of config values as CONFIG REWRITE writes them. */
final class Quoting {
    private Quoting() {}

    /** A string value quoted and escaped as Valkey's sdscatrepr. */
    static String repr(String value) {
        return Repr.of(value.getBytes(StandardCharsets.UTF_8));
    }
}
