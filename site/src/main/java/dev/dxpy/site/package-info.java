/** The docs site: Markdown pages rendered to HTML, and the configuration reference generated from the plugin descriptor. */
package dev.dxpy.site;
