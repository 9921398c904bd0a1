package dev.sagaref.localrun;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.LifecycleProcessor;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * The training run of the services' shared AOT cache ({@link SharedAotCache}): refreshes each service's application
 * context in turn, in this one JVM, so the cache it writes at exit holds what all of them load from the libraries
 * they share. Runs in its own JVM on the shared libraries' class path; the launcher never loads this class (its own
 * class path has no Spring), it only copies it into the training class path.
 *
 * <p>Each service's classes come from a class loader of their own, so the JVM archives only the shared libraries'
 * classes, which are on the class path every service starts with. As with Spring's {@code
 * spring.context.exit=onRefresh}, the run stops where the context would start its lifecycle beans: nothing starts (no
 * relay, listener, port or scheduled task), no refreshed event is published and no runner runs.
 *
 * <p>Arguments, three per service: the service's classes jar, its main class, and a properties file with the
 * environment variables its process would get beyond the launcher's own. The files are read and deleted first.
 */
public final class SharedAotTraining {

    /**
     * The library classes the services load once running, a resource next to this class. A constant, so the launcher
     * (which copies the file into the training jar) gets it without loading this class.
     */
    static final String CLASSES_USED_ONCE_RUNNING = "dev/sagaref/localrun/aot-training-classes.txt";

    private SharedAotTraining() {}

    public static void main(String[] args) {
        int status = 0;
        try {
            if (args.length == 0 || args.length % 3 != 0) {
                throw new IllegalArgumentException(
                        "Expected <classes jar> <main class> <environment file> per service");
            }
            // Every environment first, so no file with a password waits on disk while the others train.
            List<StandardEnvironment> environments = new ArrayList<>();
            for (int i = 0; i < args.length; i += 3) {
                environments.add(environmentOf(Path.of(args[i + 2])));
            }
            for (int i = 0; i < args.length; i += 3) {
                train(Path.of(args[i]), args[i + 1], environments.get(i / 3));
            }
            loadClassesUsedOnceRunning();
        } catch (Exception | LinkageError e) {
            e.printStackTrace();
            status = 1;
        }
        // The JVM writes the cache as it exits; exiting also ends whatever threads a library left behind.
        System.exit(status);
    }

    private static void train(Path classesJar, String mainClass, StandardEnvironment environment) throws Exception {
        long started = System.nanoTime();
        try (URLClassLoader classes =
                new URLClassLoader(new URL[] {classesJar.toUri().toURL()}, SharedAotTraining.class.getClassLoader())) {
            Thread.currentThread().setContextClassLoader(classes);
            SpringApplication application =
                    new SpringApplication(new DefaultResourceLoader(classes), classes.loadClass(mainClass));
            application.setEnvironment(environment);
            try {
                SpringApplication.withHook(app -> new StopBeforeLifecycle(), () -> application.run());
                throw new IllegalStateException(mainClass + " started its lifecycle; training must stop before it");
            } catch (SpringApplication.AbandonedRunException refreshed) {
                // The context was refreshed; throwing out of refresh() already destroyed its beans.
            }
        }
        System.out.println("Trained " + mainClass + " in "
                + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
    }

    /**
     * Loads, without initialising them, the library classes the services use only once they run: starting their
     * relays, listeners and web servers, their warm-ups, and the first saga. A refresh does not reach them, so each
     * service loaded about 2,300 of them from the jars while it started and a few hundred more during the first saga
     * (docs/footprint.md). The list comes from running services ({@code local-run/record-aot-training-classes}); a
     * class it names that no library holds any more is skipped.
     */
    private static void loadClassesUsedOnceRunning() throws IOException {
        ClassLoader libraries = SharedAotTraining.class.getClassLoader();
        int loaded = 0;
        int skipped = 0;
        try (InputStream list = libraries.getResourceAsStream(CLASSES_USED_ONCE_RUNNING)) {
            if (list == null) {
                throw new IllegalStateException("The training jar has no list of classes used once running");
            }
            for (String line : new String(list.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .toList()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                try {
                    Class.forName(line.strip(), false, libraries);
                    loaded++;
                } catch (ClassNotFoundException | LinkageError gone) {
                    skipped++;
                }
            }
        }
        System.out.println("Loaded " + loaded + " classes the services use once running (" + skipped
                + " in the list no longer load)");
    }

    /**
     * The service's variables over this JVM's, read the way Spring reads a process's environment. A standard rather
     * than a servlet environment: Spring Boot converts it, and nothing in a refresh depends on the difference.
     */
    private static StandardEnvironment environmentOf(Path file) throws IOException {
        Properties variables = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            variables.load(in);
        } finally {
            Files.deleteIfExists(file);
        }
        Map<String, Object> environment = new LinkedHashMap<>(System.getenv());
        variables.stringPropertyNames().forEach(name -> environment.put(name, variables.getProperty(name)));
        StandardEnvironment standard = new StandardEnvironment();
        standard.getPropertySources()
                .replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment));
        return standard;
    }

    /**
     * Stands in for the context's lifecycle processor and ends the run where that processor would start the lifecycle
     * beans: {@code refresh()} then destroys the beans and Spring Boot hands the exception back unchanged.
     */
    private static final class StopBeforeLifecycle implements SpringApplicationRunListener, LifecycleProcessor {

        private ConfigurableApplicationContext context;

        @Override
        public void contextPrepared(ConfigurableApplicationContext context) {
            this.context = context;
            context.getBeanFactory().registerSingleton(AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME, this);
        }

        @Override
        public void onRefresh() {
            throw new SpringApplication.AbandonedRunException(context);
        }

        @Override
        public void onClose() {}

        @Override
        public void start() {}

        @Override
        public void stop() {}

        @Override
        public boolean isRunning() {
            return false;
        }
    }
}
