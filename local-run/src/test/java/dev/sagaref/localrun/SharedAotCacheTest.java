package dev.sagaref.localrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedAotCacheTest {

    @TempDir
    Path directory;

    @Test
    void jarsWithTheSameLibrariesShareThemInClassPathOrder() throws IOException {
        Path order = fatJar("order", Map.of("b.jar", "B", "a.jar", "A"), List.of("b.jar", "a.jar"));
        Path payment = fatJar("payment", Map.of("b.jar", "B", "a.jar", "A"), List.of("b.jar", "a.jar"));

        assertThat(SharedAotCache.sharedLibraries(List.of(order, payment))).containsExactly("b.jar", "a.jar");
    }

    @Test
    void aLibraryWithOtherContentsMeansNothingIsShared() throws IOException {
        Path order = fatJar("order", Map.of("a.jar", "A", "b.jar", "B"), List.of("a.jar", "b.jar"));
        Path payment = fatJar("payment", Map.of("a.jar", "A", "b.jar", "B, patched"), List.of("a.jar", "b.jar"));

        assertThat(SharedAotCache.sharedLibraries(List.of(order, payment))).isEmpty();
    }

    @Test
    void anExtraLibraryOrAnotherOrderMeansNothingIsShared() throws IOException {
        Path order = fatJar("order", Map.of("a.jar", "A", "b.jar", "B"), List.of("a.jar", "b.jar"));
        Path extra =
                fatJar("extra", Map.of("a.jar", "A", "b.jar", "B", "c.jar", "C"), List.of("a.jar", "b.jar", "c.jar"));
        Path reordered = fatJar("reordered", Map.of("a.jar", "A", "b.jar", "B"), List.of("b.jar", "a.jar"));

        assertThat(SharedAotCache.sharedLibraries(List.of(order, extra))).isEmpty();
        assertThat(SharedAotCache.sharedLibraries(List.of(order, reordered))).isEmpty();
    }

    /** The training jar is written from this list: a class file of the trainer missing from it would fail training. */
    @Test
    void theTrainingJarGetsEveryClassFileOfTheTrainer() throws IOException, URISyntaxException {
        Path classes = Path.of(SharedAotTraining.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Path localRun = classes.resolve("dev/sagaref/localrun");
        try (Stream<Path> files = Files.list(localRun)) {
            List<String> compiled = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.startsWith("SharedAotTraining") && name.endsWith(".class"))
                    .map(name -> "dev/sagaref/localrun/" + name)
                    .toList();
            assertThat(SharedAotCache.TRAINING_CLASSES).containsExactlyInAnyOrderElementsOf(compiled);
        }
    }

    /** A Spring Boot style executable jar: nested jars stored under BOOT-INF/lib and listed in classpath.idx. */
    private Path fatJar(String name, Map<String, String> libraries, List<String> classPathOrder) throws IOException {
        Path jar = directory.resolve(name + ".jar");
        Map<String, String> ordered = new LinkedHashMap<>(libraries);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            StringBuilder index = new StringBuilder();
            classPathOrder.forEach(
                    library -> index.append("- \"BOOT-INF/lib/").append(library).append("\"\n"));
            out.putNextEntry(new JarEntry("BOOT-INF/classpath.idx"));
            out.write(index.toString().getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            for (Map.Entry<String, String> library : ordered.entrySet()) {
                byte[] contents = library.getValue().getBytes(StandardCharsets.UTF_8);
                JarEntry entry = new JarEntry("BOOT-INF/lib/" + library.getKey());
                CRC32 crc = new CRC32();
                crc.update(contents);
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(contents.length);
                entry.setCrc(crc.getValue());
                out.putNextEntry(entry);
                out.write(contents);
                out.closeEntry();
            }
        }
        return jar;
    }
}
