/** Finds pytest tests without importing Python: walks the tree as pytest does and reads sources with tree-sitter. */
package dev.dxpy.core.discovery;
