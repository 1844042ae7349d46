/** The engine-worker wire protocol: 32-byte frame headers, FlatBuffers payloads, and the records the engine sees. */
package dev.dxpy.core.protocol;
