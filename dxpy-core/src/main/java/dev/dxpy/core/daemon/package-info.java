/** The daemon: serves dx-py commands for one rootdir over a Unix domain socket, with the engine and spare workers kept warm. */
package dev.dxpy.core.daemon;
