/** Hands test files to workers, survives crashing and hanging workers, and never loses a result. */
package dev.dxpy.core.schedule;
