package io.seqgate.runtime;

import io.seqgate.config.TransformChoice;
import io.seqgate.transform.TransformProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds every {@link TransformProvider}: seqgate's own and those of the jars in
 * {@code SEQGATE_TRANSFORM_PATH}, with {@link ServiceLoader} over one {@link URLClassLoader} for the
 * directory's jars whose parent is seqgate's class loader (the JDK's plugin mechanism, as Kafka
 * Connect's {@code plugin.path}). Each jar is opened first, to read the provider class names its
 * {@code META-INF/services} file lists, so that a provider that fails to load is reported with the jar
 * it came from. Every problem — an unreadable jar, a provider that cannot be loaded or made, one whose
 * name, version or settings are invalid, two of one name — is collected, not thrown.
 */
final class TransformPlugins implements AutoCloseable {

    static final String SERVICES_FILE = "META-INF/services/" + TransformProvider.class.getName();

    /** A provider found, and where from: {@code built in} or {@code jar <path>}. */
    record Found(TransformProvider provider, String origin) {}

    private final List<Found> found;
    private final List<String> problems;
    private final URLClassLoader loader;

    private TransformPlugins(List<Found> found, List<String> problems, URLClassLoader loader) {
        this.found = List.copyOf(found);
        this.problems = List.copyOf(problems);
        this.loader = loader;
    }

    /** Looks at the built-ins and, when {@code pluginPath} names a directory, at its jars. */
    static TransformPlugins discover(Optional<Path> pluginPath) {
        List<String> problems = new ArrayList<>();
        Map<String, Path> jarOfClass = new HashMap<>();
        List<URL> urls = new ArrayList<>();
        pluginPath.ifPresent(dir -> jars(dir, problems).forEach(jar -> {
            if (readServices(jar, jarOfClass, problems)) {
                urls.add(url(jar));
            }
        }));
        ClassLoader seqgate = TransformPlugins.class.getClassLoader();
        URLClassLoader loader = urls.isEmpty()
                ? null
                : new URLClassLoader("seqgate-transform-plugins", urls.toArray(URL[]::new), seqgate);
        List<Found> found = new ArrayList<>();
        Iterator<TransformProvider> providers = ServiceLoader.load(
                        TransformProvider.class, loader == null ? seqgate : loader)
                .iterator();
        while (true) {
            TransformProvider provider;
            try {
                if (!providers.hasNext()) {
                    break;
                }
                provider = providers.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                // ServiceLoader moves past the provider it could not load: the loop goes on with the next.
                problems.add(cannotLoad(e, jarOfClass));
                continue;
            }
            Path jar = jarOfClass.get(provider.getClass().getName());
            String origin = jar == null ? "built in" : "jar " + jar;
            if (check(provider, origin, problems)) {
                found.add(new Found(provider, origin));
            }
        }
        noTwoOfOneName(found, problems);
        return new TransformPlugins(found, problems, loader);
    }

    List<Found> found() {
        return found;
    }

    List<String> problems() {
        return problems;
    }

    /** Closes the plugin jars; the transforms they made must not be used after. */
    @Override
    public void close() {
        if (loader != null) {
            try {
                loader.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close the plugin jars of " + TransformChoice.PATH_VARIABLE, e);
            }
        }
    }

    private static List<Path> jars(Path dir, List<String> problems) {
        if (!Files.isDirectory(dir)) {
            problems.add(TransformChoice.PATH_VARIABLE + ": " + dir + " is not a directory");
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            problems.add(TransformChoice.PATH_VARIABLE + ": cannot list " + dir + ": " + e);
            return List.of();
        }
    }

    /** Notes the provider classes {@code jar} lists; false (and a problem) when it is no readable jar. */
    private static boolean readServices(Path jar, Map<String, Path> jarOfClass, List<String> problems) {
        try (JarFile file = new JarFile(jar.toFile())) {
            JarEntry services = file.getJarEntry(SERVICES_FILE);
            if (services == null) {
                return true; // a library another plugin uses
            }
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(file.getInputStream(services), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    int comment = line.indexOf('#');
                    String className = (comment >= 0 ? line.substring(0, comment) : line).trim();
                    if (!className.isEmpty()) {
                        jarOfClass.putIfAbsent(className, jar);
                    }
                }
            }
            return true;
        } catch (IOException | SecurityException e) {
            problems.add(TransformChoice.PATH_VARIABLE + ": " + jar + " is not a readable jar: " + e);
            return false;
        }
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException("a file path is always a URL: " + jar, e);
        }
    }

    /** The problem of a provider ServiceLoader could not load or make, with its jar when one lists it. */
    private static String cannotLoad(Throwable e, Map<String, Path> jarOfClass) {
        String message = String.valueOf(e.getMessage());
        Throwable cause = e.getCause();
        String why = message + (cause == null ? "" : " (" + cause + ")");
        for (Map.Entry<String, Path> listed : jarOfClass.entrySet()) {
            if (message.contains(listed.getKey())) {
                return TransformChoice.PATH_VARIABLE + ": " + listed.getValue() + ": cannot load transform provider "
                        + listed.getKey() + ": " + why;
            }
        }
        return TransformChoice.PATH_VARIABLE + ": cannot load a transform provider: " + why;
    }

    /** Whether the provider's name, version and settings are valid; a problem for each that is not. */
    private static boolean check(TransformProvider provider, String origin, List<String> problems) {
        String where = origin + ": " + provider.getClass().getName();
        try {
            String name = provider.name();
            if (name == null || !TransformChoice.VALID_NAME.matcher(name).matches()) {
                problems.add(where + ": the name '" + name
                        + "' is not a transform name (lower-case letters, digits and dashes, starting with a letter)");
                return false;
            }
            if (name.equals("path")) {
                problems.add(where + ": the name 'path' is taken (" + TransformChoice.PATH_VARIABLE + ")");
                return false;
            }
            String version = provider.version();
            if (version == null || !version.matches("[A-Za-z0-9._-]{1,64}")) {
                problems.add(where + ": transform " + name + " has the version '" + version
                        + "'; expected 1 to 64 letters, digits, dots, dashes and underscores");
                return false;
            }
            if (provider.description() == null) {
                problems.add(where + ": transform " + name + " has no description");
                return false;
            }
            List<String> names = new ArrayList<>();
            for (var setting : provider.settings()) {
                if (names.contains(setting.name())) {
                    problems.add(where + ": transform " + name + " declares " + setting.name() + " twice");
                    return false;
                }
                names.add(setting.name());
            }
            return true;
        } catch (RuntimeException | LinkageError e) {
            problems.add(where + ": cannot read the transform's name, version or settings: " + e);
            return false;
        }
    }

    private static void noTwoOfOneName(List<Found> found, List<String> problems) {
        Map<String, List<String>> origins = new TreeMap<>();
        for (Found f : found) {
            origins.computeIfAbsent(f.provider().name(), n -> new ArrayList<>()).add(f.origin());
        }
        origins.forEach((name, where) -> {
            if (where.size() > 1) {
                problems.add(TransformChoice.PATH_VARIABLE + ": " + where.size() + " transforms are named '" + name
                        + "' (" + String.join(", ", where) + "); keep one");
            }
        });
    }
}
