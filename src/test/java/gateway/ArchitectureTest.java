package gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * The package layout the README's Architecture section draws: a request walks api → tenant → job → upstream, the
 * store backends depend on the domain packages and never the other way round, and nothing imports the
 * composition root. Checked on the production classes only.
 */
class ArchitectureTest {

    private static final String[] DOMAIN = { "gateway.api..", "gateway.tenant..", "gateway.job..",
            "gateway.upstream..", "gateway.callback.." };
    private static final String[] BACKENDS = { "gateway.store.memory..", "gateway.store.redis.." };
    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("gateway");

    /** Every package is a slice of its own, the root and each of the nested store backends too. */
    private static final SliceAssignment EACH_PACKAGE = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            return SliceIdentifier.of(javaClass.getPackageName());
        }

        @Override
        public String getDescription() {
            return "each package of gateway";
        }
    };

    @Test
    void noPackagesDependOnEachOtherInACycle() {
        slices().assignedFrom(EACH_PACKAGE).should().beFreeOfCycles().check(PRODUCTION);
    }

    @Test
    void productionCodeReachesTheEmulatorOnlyOverHttp() {
        noClasses().that().resideOutsideOfPackage("gateway.emulator..")
                .should().dependOnClassesThat().resideInAPackage("gateway.emulator..")
                .check(PRODUCTION);
    }

    @Test
    void theUpstreamClientKnowsNoOtherDomainPackage() {
        noClasses().that().resideInAPackage("gateway.upstream..")
                .should().dependOnClassesThat().resideInAnyPackage("gateway.api..", "gateway.tenant..",
                        "gateway.job..", "gateway.store..", "gateway.callback..")
                .check(PRODUCTION);
    }

    @Test
    void domainPackagesDoNotKnowTheStoreBackends() {
        noClasses().that().resideInAnyPackage(DOMAIN)
                .should().dependOnClassesThat().resideInAnyPackage(BACKENDS)
                .check(PRODUCTION);
    }

    @Test
    void sharedPackagesKnowNoDomainPackageOrBackend() {
        noClasses().that().resideInAnyPackage("gateway.config..", "gateway.metrics..", "gateway.digest..",
                "gateway.tokenbucket..").or().resideInAPackage("gateway.store")
                .should().dependOnClassesThat().resideInAnyPackage(DOMAIN)
                .orShould().dependOnClassesThat().resideInAnyPackage(BACKENDS)
                .check(PRODUCTION);
    }

    @Test
    void nothingDependsOnTheCompositionRoot() {
        noClasses().that().resideOutsideOfPackage("gateway")
                .should().dependOnClassesThat().resideInAPackage("gateway")
                .check(PRODUCTION);
    }
}
