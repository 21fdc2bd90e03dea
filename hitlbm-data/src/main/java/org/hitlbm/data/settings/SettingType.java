package org.hitlbm.data.settings;

/** The value types a spec key can have. */
public enum SettingType {
    INT("an integer"),
    DOUBLE("a number"),
    BOOL("true or false"),
    STRING("text"),
    CHOICE("one of the allowed values"),
    /** A nested section with its own keys. */
    SECTION("a mapping of keys"),
    /** A free mapping whose keys are checked elsewhere (a backbone's own params). */
    OPEN_MAP("a mapping");

    private final String description;

    SettingType(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
