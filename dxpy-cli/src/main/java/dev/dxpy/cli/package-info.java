/** The {@code dx-py} command line: picocli parsing mapped onto the core's public API. */
package dev.dxpy.cli;
