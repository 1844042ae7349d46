package dev.dxpy.core.discovery;

/** Finds the parsed model of a project module by dotted name (null when it is not a project file). */
interface ModuleLookup {
    ModuleModel find(String dottedName, ModuleModel from);
}
