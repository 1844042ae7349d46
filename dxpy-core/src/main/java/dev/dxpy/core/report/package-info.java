/** Run reports: the console report and the JUnit XML and surefire XML files, all fed by listener events. */
package dev.dxpy.core.report;
