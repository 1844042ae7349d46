/** The binary test index ({@code .dxpy/index.dxti}) that lets discovery skip files that did not change. */
package dev.dxpy.core.index;
