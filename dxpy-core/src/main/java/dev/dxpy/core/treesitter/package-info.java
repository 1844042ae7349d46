/** tree-sitter parsers for Python, from an optimised native build when the platform has one. */
package dev.dxpy.core.treesitter;
