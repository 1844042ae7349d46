/** Snapshot bookkeeping after a run: which {@code __snapshots__} files no test used, and their removal. */
package dev.dxpy.core.snapshot;
