/** Small file helpers shared by the engine's packages: whole-file writes that readers never see half done. */
package dev.dxpy.core.io;
