/** Glues discovery, workers and scheduling into the {@link dev.dxpy.core.api.Engine}. */
package dev.dxpy.core.engine;
