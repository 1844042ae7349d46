/** The engine's public surface: configuration, run requests, results and listener events; all the CLI, the watcher and the mojos touch. */
package dev.dxpy.core.api;
