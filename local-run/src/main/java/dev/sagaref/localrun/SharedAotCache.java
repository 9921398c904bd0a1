package dev.sagaref.localrun;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * One JDK 25 AOT cache for all five services, in place of one each. The services are built from the same libraries,
 * so each per-service cache held its own copy of the same Spring, Hibernate, Kafka and Debezium classes, mapped
 * privately by each JVM. A single cache file is mapped by all five, and the kernel keeps its pages once.
 *
 * <p>An AOT cache applies to a class path that begins with the class path it was trained on. So every service starts
 * from the same library jars, in the same order, followed by its own classes; the training run ({@link
 * SharedAotTraining}) has only the libraries on its class path and loads each service's classes through a class loader
 * of its own. Kept in {@code target/aot-cache} of the project root and made again when any service jar, the JDK or the
 * JVM flags change; when the services' libraries differ (a dependency added to one service), they cannot share a
 * cache and each gets its own ({@link AotCache}).
 */
final class SharedAotCache {

    private static final String LIBRARIES = "BOOT-INF/lib/";
    private static final String CLASSES = "BOOT-INF/classes/";
    /** The training program's class files, copied from the launcher's class path into the training class path. */
    static final List<String> TRAINING_CLASSES = List.of(
            "dev/sagaref/localrun/SharedAotTraining.class",
            "dev/sagaref/localrun/SharedAotTraining$StopBeforeLifecycle.class");
    /** The training JVM holds five application contexts one after another; the services' own heap limit is for one. */
    private static final String TRAINING_HEAP = "-Xmx384m";

    private final Map<String, Path> jars;
    private final ServiceJava java;
    private final List<String> jvmFlags;
    private final Path directory;
    /** The jars' library entries in class path order, the same in every jar; empty when they differ. */
    private final List<String> libraries;

    private final Map<String, String> mainClasses = new LinkedHashMap<>();
    private String stamp;

    /** @param jars each service's executable jar by module, in the order the training runs them */
    SharedAotCache(Map<String, Path> jars, ServiceJava java, List<String> jvmFlags, Path directory) {
        this.jars = new LinkedHashMap<>(jars);
        this.java = java;
        this.jvmFlags = List.copyOf(jvmFlags);
        this.directory = directory;
        this.libraries = sharedLibraries(jars.values().stream().toList());
        jars.forEach((module, jar) -> mainClasses.put(module, startClass(jar)));
    }

    /** Whether every service jar holds the same libraries, byte for byte and in the same order. */
    boolean canBeShared() {
        return !libraries.isEmpty();
    }

    boolean covers(String module) {
        return jars.containsKey(module);
    }

    /** Whether a cache exists for exactly these jars, JDK and JVM flags. */
    boolean isCurrent() {
        try {
            return canBeShared()
                    && Files.exists(cacheFile())
                    && sharedClassPathEntries().stream().allMatch(Files::isRegularFile)
                    && jars.keySet().stream().map(this::classesJar).allMatch(Files::isRegularFile)
                    && Files.readString(stampFile()).equals(stamp());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Lays out the shared libraries, each service's classes and the training program, and starts the training run.
     *
     * @param environments each service's environment, as its own process would get it
     */
    Process startTraining(ProcessBuilder trainingProcess, Map<String, Map<String, String>> environments, Path log)
            throws IOException {
        LocalStack.deleteDirectory(directory);
        Files.createDirectories(directory.resolve("lib"));
        try {
            extractLibraries();
            writeTrainingJar();
            List<String> command = new ArrayList<>(List.of(java.executable().toString()));
            command.addAll(jvmFlags);
            command.addAll(List.of(
                    TRAINING_HEAP,
                    "-XX:AOTCacheOutput=" + cacheFile(),
                    "-cp",
                    sharedClassPath(),
                    "dev.sagaref.localrun.SharedAotTraining"));
            for (String module : jars.keySet()) {
                extractClasses(module);
                writeEnvironment(module, environments.get(module));
                command.addAll(List.of(
                        classesJar(module).toString(),
                        mainClasses.get(module),
                        environmentFile(module).toString()));
            }
            return trainingProcess
                    .command(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException | RuntimeException e) {
            finishTraining(false);
            throw e;
        }
    }

    /**
     * Keeps the cache only if the training run succeeded: a run that failed halfway still writes a cache at exit,
     * with some services missing from it. Deletes any environment file the run has not read.
     */
    boolean finishTraining(boolean succeeded) throws IOException {
        for (String module : jars.keySet()) {
            Files.deleteIfExists(environmentFile(module));
        }
        if (!succeeded || !Files.exists(cacheFile())) {
            Files.deleteIfExists(cacheFile());
            Files.deleteIfExists(stampFile());
            return false;
        }
        Files.writeString(stampFile(), stamp());
        return true;
    }

    /**
     * The variables the service gets beyond the launcher's own (the training JVM inherits those), readable by this
     * user only: they include database passwords.
     */
    private void writeEnvironment(String module, Map<String, String> environment) throws IOException {
        Properties variables = new Properties();
        environment.forEach((name, value) -> {
            if (!value.equals(System.getenv(name))) {
                variables.setProperty(name, value);
            }
        });
        Path file = Files.createFile(
                environmentFile(module),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(file)) {
            variables.store(out, "Environment of " + module + " for the AOT training run; deleted once read");
        }
    }

    /** How to start a service from the cache: the shared class path, then its own classes. */
    List<String> launchArguments(String module) {
        return List.of(
                "-XX:AOTCache=" + cacheFile(),
                "-cp",
                sharedClassPath() + ":" + classesJar(module),
                mainClasses.get(module));
    }

    /**
     * The class path the cache was trained on, which every service's must begin with: the libraries, and the training
     * program too (a few classes nothing else loads), because the trainer has to be on the training class path.
     */
    private String sharedClassPath() {
        return String.join(
                ":", sharedClassPathEntries().stream().map(Path::toString).toList());
    }

    private List<Path> sharedClassPathEntries() {
        List<Path> entries = new ArrayList<>();
        libraries.forEach(library -> entries.add(directory.resolve("lib").resolve(library)));
        entries.add(directory.resolve("training.jar"));
        return entries;
    }

    private void extractLibraries() throws IOException {
        try (ZipFile jar = new ZipFile(jars.values().iterator().next().toFile())) {
            for (String library : libraries) {
                try (InputStream in = jar.getInputStream(jar.getEntry(LIBRARIES + library))) {
                    Files.copy(in, directory.resolve("lib").resolve(library));
                }
            }
        }
    }

    /** A plain jar of the service's own classes and resources, as they sit under {@code BOOT-INF/classes}. */
    private void extractClasses(String module) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClasses.get(module));
        try (ZipFile jar = new ZipFile(jars.get(module).toFile());
                JarOutputStream out = new JarOutputStream(Files.newOutputStream(classesJar(module)), manifest)) {
            Enumeration<? extends ZipEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (!name.startsWith(CLASSES) || name.equals(CLASSES) || name.equals(CLASSES + JarFile.MANIFEST_NAME)) {
                    continue;
                }
                out.putNextEntry(new JarEntry(name.substring(CLASSES.length())));
                if (!entry.isDirectory()) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        in.transferTo(out);
                    }
                }
                out.closeEntry();
            }
        }
    }

    private void writeTrainingJar() throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(directory.resolve("training.jar")))) {
            for (String file : trainingProgram()) {
                out.putNextEntry(new JarEntry(file));
                out.write(trainingFileBytes(file));
                out.closeEntry();
            }
        }
    }

    private static byte[] trainingProgramDigest() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            trainingProgram().forEach(file -> digest.update(trainingFileBytes(file)));
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The training program's classes and its list of classes: a change to either trains the cache again. */
    private static List<String> trainingProgram() {
        List<String> files = new ArrayList<>(TRAINING_CLASSES);
        files.add(SharedAotTraining.CLASSES_USED_ONCE_RUNNING);
        return files;
    }

    private static byte[] trainingFileBytes(String file) {
        try (InputStream in =
                Objects.requireNonNull(SharedAotCache.class.getClassLoader().getResourceAsStream(file), file)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The library entries of the first jar, in class path order, if every other jar lists the same ones with the same
     * contents (size and CRC); otherwise none.
     */
    static List<String> sharedLibraries(List<Path> jars) {
        List<String> first = null;
        Map<String, ZipEntry> firstEntries = new LinkedHashMap<>();
        for (Path path : jars) {
            try (ZipFile jar = new ZipFile(path.toFile())) {
                List<String> libraries = classPathIndex(jar);
                if (first == null) {
                    first = libraries;
                    libraries.forEach(library -> firstEntries.put(library, jar.getEntry(LIBRARIES + library)));
                    continue;
                }
                if (!libraries.equals(first)) {
                    return List.of();
                }
                for (String library : libraries) {
                    ZipEntry entry = jar.getEntry(LIBRARIES + library);
                    ZipEntry firstEntry = firstEntries.get(library);
                    if (entry == null
                            || firstEntry == null
                            || entry.getSize() != firstEntry.getSize()
                            || entry.getCrc() != firstEntry.getCrc()) {
                        return List.of();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return first == null ? List.of() : List.copyOf(first);
    }

    /** The nested jars' names in the order Spring Boot's launcher would put them on the class path. */
    private static List<String> classPathIndex(ZipFile jar) throws IOException {
        ZipEntry index = jar.getEntry("BOOT-INF/classpath.idx");
        if (index == null) {
            return List.of();
        }
        try (InputStream in = jar.getInputStream(index)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .map(line -> line.replaceFirst("^- \"" + LIBRARIES, "").replaceFirst("\"$", ""))
                    .filter(line -> !line.isBlank())
                    .toList();
        }
    }

    private static String startClass(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            return Objects.requireNonNull(
                    file.getManifest().getMainAttributes().getValue("Start-Class"), "Start-Class in " + jar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path classesJar(String module) {
        return directory.resolve(module + ".jar");
    }

    private Path environmentFile(String module) {
        return directory.resolve(module + ".env");
    }

    private Path cacheFile() {
        return directory.resolve("services.aot");
    }

    private Path stampFile() {
        return directory.resolve("made-from.txt");
    }

    private String stamp() {
        if (stamp == null) {
            StringBuilder made = new StringBuilder();
            jars.values().forEach(jar -> made.append(AotCache.sha256(jar)).append(' '));
            // A change to the training program trains again too.
            made.append(HexFormat.of().formatHex(trainingProgramDigest())).append(' ');
            stamp = made.append(java.home())
                    .append(' ')
                    .append(java.version())
                    .append(' ')
                    .append(String.join(" ", jvmFlags))
                    .append('\n')
                    .toString();
        }
        return stamp;
    }
}
