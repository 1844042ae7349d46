/** Test selection expressions: pytest's {@code -k} keyword and {@code -m} marker grammars. */
package dev.dxpy.core.select;
