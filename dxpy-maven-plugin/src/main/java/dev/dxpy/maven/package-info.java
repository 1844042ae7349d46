/** The Maven goals {@code dxpy:test} and {@code dxpy:collect}: thin adapters that map POM parameters to the engine in {@code dev.dxpy.core.api}. */
package dev.dxpy.maven;
