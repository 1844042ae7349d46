/** The pytest baseline: one timed pytest run on a selection, kept in the project's {@code .dxpy/baseline.json}. */
package dev.dxpy.core.baseline;
