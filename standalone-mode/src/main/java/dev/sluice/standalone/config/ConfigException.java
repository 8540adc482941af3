package dev.sluice.standalone.config;

import java.util.List;

/** Sluice's configuration has errors; {@link #errors()} lists every one, in the order found. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigError> errors;

    ConfigException(List<ConfigError> errors) {
        super(message(errors), null, false, false);
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    public List<ConfigError> errors() {
        return errors;
    }

    private static String message(List<ConfigError> errors) {
        StringBuilder sb = new StringBuilder();
        for (ConfigError e : errors) {
            sb.append(sb.isEmpty() ? "" : "\n").append(e.format());
        }
        return sb.toString();
    }
}
