package dev.jmlbench.suites.jmh;

import dev.jmlbench.core.results.Names;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@code @Benchmark} method of the harness declares the figure it produces with {@link Produces}, in the
 * vocabulary of {@link Names}: the merge maps JMH's records to figures by that declaration alone, so a benchmark
 * without one would be left out of the results.
 */
class ProducesDeclarationTest {
    @Test
    void everyBenchmarkMethodDeclaresItsScenarioAndMetricInTheVocabulary() throws Exception {
        List<Method> benchmarks = benchmarkMethods();
        assertTrue(benchmarks.size() >= 7, "the harness's benchmark methods were found: " + benchmarks);
        assertEquals(List.of(), undeclared(benchmarks), "@Benchmark methods without @Produces");
        Set<String> scenarios = vocabulary("SCENARIO_");
        Set<String> metrics = vocabulary("METRIC_");
        Set<String> units = vocabulary("UNIT_");
        for (Method m : benchmarks) {
            Produces p = m.getAnnotation(Produces.class);
            String where = m.getDeclaringClass().getSimpleName() + "." + m.getName();
            assertTrue(scenarios.contains(p.scenario()), where + ": scenario " + p.scenario() + " is not in Names");
            assertTrue(metrics.contains(p.metric()), where + ": metric " + p.metric() + " is not in Names");
            assertTrue(units.contains(p.unit()), where + ": unit " + p.unit() + " is not in Names");
            assertTrue(JmhFigures.declaration(m.getDeclaringClass().getName() + "." + m.getName()).isPresent(),
                    where + ": the reader finds the declaration from JMH's benchmark name");
        }
    }

    @Test
    void aMethodWithoutTheDeclarationIsFoundAndGetsNoFigure() throws Exception {
        // (no @Benchmark method is written here: JMH's annotation processor would list it with the harness's own)
        Method bare = InferenceBenchmark.Trained.class.getMethod("tearDown");
        assertEquals(List.of(bare), undeclared(List.of(bare, InferenceBenchmark.class.getMethod("batchThroughput",
                InferenceBenchmark.Trained.class, InferenceBenchmark.Batches.class, InferenceBenchmark.Check.class))));
        assertTrue(JmhFigures.declaration(InferenceBenchmark.Trained.class.getName() + ".tearDown").isEmpty(),
                "the reader maps no figure to a method that is not a declared benchmark");
        assertTrue(JmhFigures.declaration("no.such.Benchmark.method").isEmpty());
    }

    private static List<Method> undeclared(List<Method> benchmarks) {
        return benchmarks.stream().filter(m -> !m.isAnnotationPresent(Produces.class)).toList();
    }

    /** Every method annotated {@code @Benchmark} in the compiled classes of this package (main code). */
    private static List<Method> benchmarkMethods() throws URISyntaxException, java.io.IOException,
            ClassNotFoundException {
        Path root = Path.of(InferenceBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path dir = root.resolve(JmhStage.class.getPackageName().replace('.', '/'));
        List<String> names;
        try (Stream<Path> files = Files.list(dir)) {
            names = files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".class") && !f.contains("_jmh")) // JMH's generated classes
                    .map(f -> JmhStage.class.getPackageName() + "." + f.substring(0, f.length() - ".class".length()))
                    .sorted().toList();
        }
        List<Method> out = new ArrayList<>();
        for (String name : names) {
            for (Method m : Class.forName(name, false, ProducesDeclarationTest.class.getClassLoader())
                    .getDeclaredMethods()) {
                if (m.isAnnotationPresent(Benchmark.class)) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    private static Set<String> vocabulary(String prefix) {
        return Stream.of(Names.class.getFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class
                        && f.getName().startsWith(prefix))
                .map(ProducesDeclarationTest::value).collect(Collectors.toSet());
    }

    private static String value(Field f) {
        try {
            return (String) f.get(null);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theHarnessPicksABenchmarkMethodByTheFigureItDeclares() {
        java.util.regex.Pattern include = java.util.regex.Pattern.compile(JmhFigures.includeProducing(
                InferenceBenchmark.class, Names.SCENARIO_INFERENCE_THROUGHPUT, Names.METRIC_THROUGHPUT));
        List<String> matched = Stream.of(InferenceBenchmark.class.getMethods())
                .filter(m -> m.isAnnotationPresent(Benchmark.class))
                .map(m -> InferenceBenchmark.class.getName() + "." + m.getName())
                .filter(name -> include.matcher(name).find()).toList();
        assertEquals(1, matched.size(), "one method: " + matched);
        assertEquals(Names.SCENARIO_INFERENCE_THROUGHPUT, JmhFigures.declaration(matched.get(0)).orElseThrow()
                .scenario());
        IllegalArgumentException none = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> JmhFigures.includeProducing(InferenceBenchmark.class, Names.SCENARIO_COLD_START,
                        Names.METRIC_THROUGHPUT));
        assertTrue(none.getMessage().contains("has 0 benchmark methods"), none.getMessage());
    }
}
