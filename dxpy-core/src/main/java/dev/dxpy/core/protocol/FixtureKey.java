package dev.dxpy.core.protocol;

/**
 * The engine's cache key for one {@code @dx.fixture(cache=True)}, sent in {@link Configure}.
 *
 * @param name the fixture's name
 * @param file its defining file, relative to the rootdir, {@code /} separated
 * @param key 64 hex digits
 */
public record FixtureKey(String name, String file, String key) {

    public FixtureKey {
        name = Values.text(name);
        file = Values.text(file);
        key = Values.text(key);
    }
}
