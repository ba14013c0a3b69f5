package io.seqgate.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds plugin jars for tests: compiles Java sources against the test classpath and packs the classes
 * with a {@code META-INF/services} file, so that a plugin's classes exist only in its jar and are loaded
 * by the plugin class loader, as a third party's would be.
 */
final class PluginJars {

    private PluginJars() {}

    /**
     * @param dir      where the jar goes
     * @param jarName  e.g. {@code upper.jar}
     * @param sources  class name (with package) to its source
     * @param services the lines of the services file, or null for none
     */
    static Path build(Path dir, String jarName, Map<String, String> sources, List<String> services) {
        try {
            Path work = Files.createTempDirectory(dir, "src");
            List<String> files = new ArrayList<>();
            for (Map.Entry<String, String> source : sources.entrySet()) {
                Path file = work.resolve(source.getKey().replace('.', '/') + ".java");
                Files.createDirectories(file.getParent());
                Files.writeString(file, source.getValue());
                files.add(file.toString());
            }
            Path classes = Files.createDirectories(work.resolve("classes"));
            if (!files.isEmpty()) {
                JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
                List<String> args = new ArrayList<>(
                        List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path"), "-proc:none"));
                args.addAll(files);
                int exit = javac.run(null, null, null, args.toArray(String[]::new));
                if (exit != 0) {
                    throw new IllegalStateException("the test plugin does not compile (exit " + exit + ")");
                }
            }
            Path jar = dir.resolve(jarName);
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                    Stream<Path> walk = Files.walk(classes)) {
                for (Path f : walk.filter(Files::isRegularFile).toList()) {
                    out.putNextEntry(
                            new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                    Files.copy(f, out);
                    out.closeEntry();
                }
                if (services != null) {
                    out.putNextEntry(new JarEntry(TransformPlugins.SERVICES_FILE));
                    out.write((String.join("\n", services) + "\n").getBytes(StandardCharsets.UTF_8));
                    out.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file named like a jar that is no jar. */
    static Path garbage(Path dir, String jarName) {
        try (OutputStream out = Files.newOutputStream(dir.resolve(jarName))) {
            out.write("this is not a zip file".getBytes(StandardCharsets.UTF_8));
            return dir.resolve(jarName);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A provider's source: {@code name}, version 1, one optional setting {@code GREETING}, making a
     * transform that puts the greeting before the input's bytes. {@code constructorBody} and
     * {@code createBody} run in its constructor and before {@code create} returns.
     */
    static String provider(String pkg, String className, String name, String constructorBody, String createBody) {
        return """
                package %s;

                import io.seqgate.transform.*;
                import java.util.List;

                public class %s implements TransformProvider {
                    public %s() { %s }
                    public String name() { return "%s"; }
                    public String version() { return "1"; }
                    public String description() { return "puts GREETING before the bytes"; }
                    public List<TransformSetting> settings() {
                        return List.of(TransformSetting.text("GREETING", "hello ", "what goes first").shapingOutput());
                    }
                    public Transform create(TransformSettings settings) throws Exception {
                        %s
                        String greeting = settings.text("GREETING");
                        return input -> {
                            byte[] g = greeting.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                            byte[] out = new byte[g.length + input.bytes().length];
                            System.arraycopy(g, 0, out, 0, g.length);
                            System.arraycopy(input.bytes(), 0, out, g.length, input.bytes().length);
                            return new TransformOutput(out, "text/plain");
                        };
                    }
                }
                """.formatted(pkg, className, className, constructorBody, name, createBody);
    }
}
