/** The project's import graph: which test files a change to a file can affect, cached in {@code .dxpy/graph.dxg}. */
package dev.dxpy.core.graph;
