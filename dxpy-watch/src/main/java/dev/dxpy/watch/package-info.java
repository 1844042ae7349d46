/** Watch mode: filesystem events, debounced, become runs of the affected tests on the engine. */
package dev.dxpy.watch;
