package dev.sagaref.localrun;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A service's JDK 25 AOT cache (JEP 483, 514): its classes loaded and linked by a training run, so the service starts
 * in a fraction of the time (without JEP 515's method profiles: the launcher's flags leave them out, see LocalStack).
 * Kept in {@code target/aot-cache} next to the jar and made again when the jar, the JDK or the JVM flags change. The
 * training run starts the application against the real database (it runs the Flyway migrations) and exits once the
 * context has refreshed, before it serves or consumes anything.
 */
final class AotCache {

    private final Path jar;
    private final ServiceJava java;
    private final List<String> jvmFlags;
    private final Path directory;
    /** What the cache is made from; hashing the jar takes a while, so it is done once. */
    private String stamp;

    /** @param jvmFlags the flags the service runs with; under other flags a cache may not apply, so it is remade */
    AotCache(Path jar, ServiceJava java, List<String> jvmFlags) {
        this.jar = jar;
        this.java = java;
        this.jvmFlags = List.copyOf(jvmFlags);
        this.directory = jar.resolveSibling("aot-cache");
    }

    static boolean supportedBy(ServiceJava java) {
        return java.feature() >= 25;
    }

    /** Whether a cache exists for exactly this jar, JDK and set of JVM flags. */
    boolean isCurrent() {
        try {
            return Files.exists(cacheFile()) && Files.readString(stampFile()).equals(stamp());
        } catch (IOException e) {
            return false;
        }
    }

    /** Extracts the jar (a cache made from the fat jar's nested jars would not apply) and starts the training run. */
    Process startTraining(ProcessBuilder environment, Path log) throws IOException {
        LocalStack.deleteDirectory(directory);
        Files.createDirectories(directory);
        ProcessHandles.runToCompletion(
                List.of(
                        java.executable().toString(),
                        "-Djarmode=tools",
                        "-jar",
                        jar.toString(),
                        "extract",
                        "--destination",
                        directory.resolve("application").toString()),
                log);
        List<String> command = new ArrayList<>(List.of(java.executable().toString()));
        command.addAll(jvmFlags);
        command.addAll(List.of(
                "-XX:AOTCacheOutput=" + cacheFile(),
                "-Dspring.context.exit=onRefresh",
                "-jar",
                extractedJar().toString()));
        return environment
                .command(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    /** Records what the cache was made from, once the training run has written it. */
    boolean finishTraining() throws IOException {
        if (!Files.exists(cacheFile())) {
            return false;
        }
        Files.writeString(stampFile(), stamp());
        return true;
    }

    /** How to start the service: from the extracted jar with the cache when it is current, else from the jar. */
    List<String> launchArguments() {
        return isCurrent()
                ? List.of("-XX:AOTCache=" + cacheFile(), "-jar", extractedJar().toString())
                : List.of("-jar", jar.toString());
    }

    private Path extractedJar() {
        return directory.resolve("application").resolve(jar.getFileName());
    }

    private Path cacheFile() {
        return directory.resolve("app.aot");
    }

    private Path stampFile() {
        return directory.resolve("made-from.txt");
    }

    private String stamp() {
        if (stamp == null) {
            stamp = sha256(jar) + " " + java.home() + " " + java.version() + " " + String.join(" ", jvmFlags) + "\n";
        }
        return stamp;
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
