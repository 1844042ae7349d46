/** Reads a project's pytest configuration (rootdir, ini files, pyproject tables) the way pytest does. */
package dev.dxpy.core.config;
