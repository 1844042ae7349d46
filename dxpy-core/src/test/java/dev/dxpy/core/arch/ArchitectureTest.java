package dev.dxpy.core.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The boundaries of the house style: no Maven in core, no package cycles, no console in core, generated code stays in protocol. */
class ArchitectureTest {
    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.dxpy.core");
    }

    @Test
    void coreKnowsNothingOfMaven() {
        noClasses().should().dependOnClassesThat().resideInAPackage("org.apache.maven..").check(core);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.dxpy.core.(*)..").should().beFreeOfCycles().check(core);
    }

    @Test
    void coreNeverWritesToTheConsole() {
        noClasses().should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err").check(core);
    }

    @Test
    void generatedProtocolClassesStayInProtocol() {
        noClasses().that().resideOutsideOfPackages("dev.dxpy.core.protocol..")
                .should().dependOnClassesThat().resideInAPackage("dev.dxpy.core.protocol.fb..").check(core);
    }

    @Test
    void apiDependsOnNoInternalPackage() {
        noClasses().that().resideInAPackage("dev.dxpy.core.api..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.dxpy.core.engine..", "dev.dxpy.core.discovery..", "dev.dxpy.core.worker..",
                        "dev.dxpy.core.schedule..", "dev.dxpy.core.protocol..", "dev.dxpy.core.report..",
                        "dev.dxpy.core.index..", "dev.dxpy.core.config..", "dev.dxpy.core.select..",
                        "dev.dxpy.core.graph..")
                .check(core);
    }
}
