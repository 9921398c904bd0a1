package dev.sagaref.localrun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Java the services run on: a JDK 25 or newer where one is installed (machines of this kind have Temurin's under
 * {@code /usr/lib/jvm}), else the launcher's own. {@code SERVICE_JAVA_HOME} chooses one explicitly. The services are
 * built for Java 17 and run unchanged on newer ones.
 *
 * @param home the JDK's directory
 * @param feature its feature release, e.g. 25
 */
public record ServiceJava(Path home, int feature) {

    private static final Pattern VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);
    private static final Pattern RUNTIME_VERSION =
            Pattern.compile("^JAVA_RUNTIME_VERSION=\"([^\"]+)\"", Pattern.MULTILINE);
    private static final int PREFERRED = 25;

    public static ServiceJava find() {
        String configured = System.getenv("SERVICE_JAVA_HOME");
        if (configured != null && !configured.isBlank()) {
            Path home = Path.of(configured);
            return new ServiceJava(
                    home,
                    featureOf(home)
                            .orElseThrow(() -> new IllegalStateException(
                                    "SERVICE_JAVA_HOME=" + configured + " is not a JDK (no release file)")));
        }
        Path launcher = Path.of(System.getProperty("java.home"));
        ServiceJava own = new ServiceJava(launcher, Runtime.version().feature());
        return installed(Path.of("/usr/lib/jvm")).stream()
                .filter(java -> java.feature() >= PREFERRED)
                .max(Comparator.comparingInt(ServiceJava::feature))
                .filter(java -> java.feature() > own.feature())
                .orElse(own);
    }

    static List<ServiceJava> installed(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> homes = Files.list(directory)) {
            return homes.filter(home -> Files.isExecutable(home.resolve("bin/java")))
                    .flatMap(home -> featureOf(home).map(feature -> new ServiceJava(home, feature)).stream())
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Optional<Integer> featureOf(Path home) {
        try {
            Matcher version = VERSION.matcher(Files.readString(home.resolve("release")));
            return version.find() ? Optional.of(Integer.parseInt(version.group(1))) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The exact build, e.g. 25.0.3+9-LTS: an AOT cache only works with the build that made it. */
    public String version() {
        try {
            Matcher runtime = RUNTIME_VERSION.matcher(Files.readString(home.resolve("release")));
            return runtime.find() ? runtime.group(1) : Integer.toString(feature);
        } catch (IOException e) {
            return Integer.toString(feature);
        }
    }

    public Path executable() {
        return home.resolve("bin").resolve("java");
    }

    @Override
    public String toString() {
        return "Java " + feature + " (" + home + ")";
    }
}
