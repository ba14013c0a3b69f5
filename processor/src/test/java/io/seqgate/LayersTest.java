package io.seqgate;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameStartingWith;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.seqgate.sink.SinkReasons;
import io.seqgate.streams.SeqgateTopology;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.streams.processor.api.Processor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package layers of docs/design.md §2 ("Packages and layers"), checked on the main classes of
 * {@code events} and {@code processor}: build (the topology, pure), configure (the settings) and run
 * (the runtime) stay apart, and no arrow points back up.
 */
class LayersTest {

    private static JavaClasses seqgate;

    @BeforeAll
    static void importMainClasses() {
        seqgate = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.seqgate");
    }

    @Test
    void eventsAndOutcomesDependOnNothingOfSeqgate() {
        for (String leaf : new String[] {"io.seqgate.event..", "io.seqgate.outcome.."}) {
            noClasses()
                    .that()
                    .resideInAPackage(leaf)
                    .should()
                    .dependOnClassesThat(resideInAPackage("io.seqgate..").and(not(resideInAPackage(leaf))))
                    .because("events and outcomes are the vocabulary every layer shares (and the SQS connector uses)")
                    .check(seqgate);
        }
    }

    @Test
    void theStreamLayerKnowsNeitherConfigurationNorRuntimeNorS3() {
        noClasses()
                .that()
                .resideInAPackage("io.seqgate.streams..")
                .should()
                .dependOnClassesThat(resideInAnyPackage(
                                "io.seqgate.config..", "io.seqgate.runtime..", "io.seqgate.query..", "io.seqgate.cli..")
                        .or(resideInAPackage("io.seqgate.sink").and(simpleNameStartingWith("S3")))
                        .or(resideInAPackage("software.amazon.awssdk..")))
                .because("the topology is built from TopologySettings and an ObjectSink only, so tests, replay "
                        + "and production run the same topology")
                .check(seqgate);
    }

    @Test
    void theSerdesKnowOnlyTheValuesTheyEncode() {
        DescribedPredicate<JavaClass> records = DescribedPredicate.describe("records", JavaClass::isRecord);
        classes()
                .that()
                .resideInAPackage("io.seqgate.streams.serde..")
                .should()
                .onlyDependOnClassesThat(resideInAnyPackage(
                                "java..",
                                "io.seqgate.streams.serde..",
                                "io.seqgate.event..",
                                "io.seqgate.outcome..",
                                "org.apache.kafka.common.serialization..",
                                "org.apache.kafka.common.errors..",
                                "com.fasterxml.jackson..")
                        .or(resideInAPackage("io.seqgate.streams..").and(records))
                        .or(equivalentTo(SinkReasons.class)))
                .because("a codec turns the stored values (the stream layer's records) into bytes and back, with the "
                        + "sink's reason texts as its only other input: what a changelog holds changes only when a "
                        + "codec, a stored value or a coded reason does, never with the gate, the sink's S3 side, "
                        + "Kafka Streams or the configuration")
                .check(seqgate);
    }

    @Test
    void theAsynchronousSinkIsBuiltByTheTopologyAndRunByTheRuntimeOnly() {
        classes()
                .that()
                .resideInAPackage("io.seqgate.streams.async..")
                .should()
                .onlyHaveDependentClassesThat()
                .resideInAnyPackage("io.seqgate.streams..", "io.seqgate.runtime..")
                .because("the topology builds the sink's processors and the runner owns its workers (their lifecycle "
                        + "and liveness); queries, the CLI and metrics see the sink only through the pending-work store "
                        + "and SeqgateMetrics")
                .check(seqgate);
    }

    @Test
    void theAsynchronousSinkUsesTheStreamLayersVocabularyButNotItsProcessors() {
        noClasses()
                .that()
                .resideInAPackage("io.seqgate.streams.async..")
                .should()
                .dependOnClassesThat(resideInAPackage("io.seqgate.streams")
                        .and(assignableTo(Processor.class).or(type(SeqgateTopology.class))))
                .because("the sink is one stage the topology plugs in after the gate: it shares the verdicts, states, "
                        + "pending work and names, and knows nothing of the other stages or how they are wired")
                .check(seqgate);
    }

    @Test
    void theAsynchronousSinkUsesOnlyTheStreamLayerTheSinkMetricsAndTheVocabulary() {
        mayDependOnlyOn(
                "io.seqgate.streams.async..",
                "it runs accepted events through an ObjectSink and records how they ended; what it stores and "
                        + "answers is the stream layer's, and it knows nothing of how it is configured, run or queried",
                "io.seqgate.streams..",
                "io.seqgate.sink",
                "io.seqgate.metrics..",
                "io.seqgate.outcome..",
                "io.seqgate.event..");
    }

    @Test
    void theSinkKnowsTheTransformSpiMetricsAndTheVocabularyOnly() {
        mayDependOnlyOn(
                "io.seqgate.sink..",
                "the sink is the S3 side, built from SinkSettings: it reads, transforms through the SPI and swaps "
                        + "outputs, and knows neither the topology that calls it nor how it is configured or run",
                "io.seqgate.transform",
                "io.seqgate.metrics..",
                "io.seqgate.outcome..",
                "io.seqgate.event..");
    }

    @Test
    void theConfigurationKnowsOnlyTheSettingsOfTheLayersItConfigures() {
        mayDependOnlyOn(
                "io.seqgate.config..",
                "the configuration parses the environment into records and derives the topology's and the sink's "
                        + "settings from them; it runs nothing",
                "io.seqgate.streams..",
                "io.seqgate.sink..",
                "io.seqgate.event..");
    }

    @Test
    void metricsKnowOnlyTheOutcomesAndCausesTheyCount() {
        mayDependOnlyOn(
                "io.seqgate.metrics..",
                "SeqgateMetrics is the one small interface every layer counts through; it names the decisions, "
                        + "reconcile causes and dead-letter reasons it counts, and nothing that counts through it",
                "io.seqgate.outcome..",
                "io.seqgate.event..");
    }

    @Test
    void queriesReadTheStoresAndTheirSettingsOnly() {
        mayDependOnlyOn(
                "io.seqgate.query..",
                "the HTTP API reads the topology's stores (finding a key's owner with the topology's partitioner) "
                        + "and is configured by HttpSettings; it never runs, reconciles or writes anything",
                "io.seqgate.config..",
                "io.seqgate.streams..",
                "io.seqgate.outcome..",
                "io.seqgate.event..");
    }

    @Test
    void aReconcilePassUsesTheSinksS3SideTheStoresAndTheQueriesButNoConfigurationOrRuntime() {
        mayDependOnlyOn(
                "io.seqgate.reconcile..",
                "a pass lists a location, compares it with the gate's output index (local store or another "
                        + "instance's HTTP API) and emits reconcile records; runtime and cli configure and run it",
                "io.seqgate.sink..",
                "io.seqgate.query..",
                "io.seqgate.streams..",
                "io.seqgate.outcome..",
                "io.seqgate.event..");
    }

    @Test
    void theRuntimeUsesEveryLayerButTheCommands() {
        mayDependOnlyOn(
                "io.seqgate.runtime..",
                "the runtime wires configured layers together and runs them; the commands call it, never the "
                        + "other way, and it reaches transforms through the SPI only",
                "io.seqgate.config..",
                "io.seqgate.query..",
                "io.seqgate.reconcile..",
                "io.seqgate.streams..",
                "io.seqgate.sink..",
                "io.seqgate.metrics..",
                "io.seqgate.transform",
                "io.seqgate.outcome..",
                "io.seqgate.event..");
    }

    @Test
    void theCommandsAreTheTopLayer() {
        mayDependOnlyOn(
                "io.seqgate.cli..",
                "the commands parse options and call the runtime, replay or a reconcile pass; nothing below "
                        + "them knows there is a command line",
                "io.seqgate.runtime..",
                "io.seqgate.query..",
                "io.seqgate.reconcile..",
                "io.seqgate.config..",
                "io.seqgate.streams..",
                "io.seqgate.metrics..",
                "io.seqgate.outcome..",
                "io.seqgate.event..");
    }

    @Test
    void everyPackageOfTheProcessorHasALayerRule() {
        Set<String> ruled = Set.of(
                "io.seqgate.event",
                "io.seqgate.outcome",
                "io.seqgate.streams",
                "io.seqgate.streams.serde",
                "io.seqgate.streams.async",
                "io.seqgate.sink",
                "io.seqgate.config",
                "io.seqgate.metrics",
                "io.seqgate.query",
                "io.seqgate.reconcile",
                "io.seqgate.runtime",
                "io.seqgate.cli",
                "io.seqgate.transform",
                "io.seqgate.transform.builtin");
        Set<String> packages = seqgate.stream()
                .map(JavaClass::getPackageName)
                .filter(name -> name.startsWith("io.seqgate.") && !name.startsWith("io.seqgate.devstack"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(packages).isSubsetOf(ruled);
    }

    /** Classes of {@code layer} use no seqgate classes but their own and those of {@code allowed}. */
    private static void mayDependOnlyOn(String layer, String because, String... allowed) {
        String[] own = Stream.concat(Stream.of(layer), Arrays.stream(allowed)).toArray(String[]::new);
        noClasses()
                .that()
                .resideInAPackage(layer)
                .should()
                .dependOnClassesThat(resideInAPackage("io.seqgate..").and(not(resideInAnyPackage(own))))
                .because(because)
                .check(seqgate);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.seqgate.(*)..").should().beFreeOfCycles().check(seqgate);
    }

    @Test
    void theProcessorNeverDependsOnTheDevStack() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.seqgate.devstack..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.seqgate.devstack..")
                .because(
                        "the dev stack (embedded broker, S3 server, demo) is for development; production ships without it")
                .check(seqgate);
    }

    @Test
    void theTransformSpiDependsOnNothingButTheJdk() {
        classes()
                .that()
                .resideInAPackage("io.seqgate.transform")
                .should()
                .onlyDependOnClassesThat(resideInAnyPackage("java..", "io.seqgate.transform"))
                .because("plugin authors compile against these types alone (docs/transforms.md); seqgate's own "
                        + "classes may change under them, these may not")
                .check(seqgate);
    }

    @Test
    void theBuiltInTransformsNeedNothingAPluginCouldNotHave() {
        classes()
                .that()
                .resideInAPackage("io.seqgate.transform.builtin..")
                .should()
                .onlyDependOnClassesThat(resideInAnyPackage(
                        "java..", "javax.imageio..", "io.seqgate.transform..", "org.eclipse.jetty.."))
                .because("a built-in is a provider like any other: it uses the SPI and libraries, never the sink, "
                        + "the configuration or the runtime")
                .check(seqgate);
    }

    @Test
    void nothingButServiceLoaderReachesABuiltInTransform() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.seqgate.transform.builtin..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.seqgate.transform.builtin..")
                .because("the sink runs whatever transform SEQGATE_TRANSFORM chooses, found like a plugin "
                        + "(runtime.TransformPlugins); naming a built-in in code would make it special")
                .check(seqgate);
    }
}
