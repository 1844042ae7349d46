package dev.dxpy.core.protocol;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The generated FlatBuffers classes stay inside the protocol package; the engine sees only the records. */
class ProtocolBoundaryTest {

    @Test
    void onlyTheProtocolPackageUsesGeneratedClasses() {
        JavaClasses core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.dxpy.core");
        noClasses().that().resideOutsideOfPackages("dev.dxpy.core.protocol", "dev.dxpy.core.protocol.fb")
                .should().dependOnClassesThat().resideInAPackage("dev.dxpy.core.protocol.fb")
                .because("generated FlatBuffers code must not leak out of the protocol package")
                .check(core);
    }

    @Test
    void noPublicSignatureOfTheProtocolPackageMentionsGeneratedClasses() {
        JavaClasses protocol = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.dxpy.core.protocol");
        noClasses().that().resideInAPackage("dev.dxpy.core.protocol").and().arePublic()
                .should().dependOnClassesThat().resideInAPackage("dev.dxpy.core.protocol.fb")
                .because("public protocol types expose records only; package-private codecs do the conversion")
                .check(protocol);
    }
}
