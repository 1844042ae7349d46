/** Python worker processes: the worker package extracted from the jar, the interpreter, one process and its channel. */
package dev.dxpy.core.worker;
