package org.hitlbm.data.settings;

/** A setting whose value breaks its rule; {@code message} is a whole sentence, e.g. "expected ..., got -5". */
public record Problem(String param, String message) {
}
