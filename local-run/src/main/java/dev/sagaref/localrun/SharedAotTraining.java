package dev.sagaref.localrun;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
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
 * The training run of the services' shared AOT cache ({@link SharedAotCache}): starts each service's application
 * context in turn, in this one JVM, so the cache it writes at exit holds what all of them load from the libraries
 * they share. Runs in its own JVM on the shared libraries' class path; the launcher never loads this class (its own
 * class path has no Spring), it only copies it into the training class path.
 *
 * <p>Each service's classes come from a class loader of their own, so the JVM archives only the shared libraries'
 * classes, which are on the class path every service starts with. Like Spring's {@code spring.context.exit=onRefresh},
 * a context is refreshed but nothing in it is started (no relay, no listener, no port) and no runner runs.
 *
 * <p>Arguments, three per service: the service's classes jar, its main class, and a properties file with its
 * environment (as the launcher would give its process).
 */
public final class SharedAotTraining {

    private SharedAotTraining() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args.length % 3 != 0) {
            throw new IllegalArgumentException("Expected <classes jar> <main class> <environment file> per service");
        }
        for (int i = 0; i < args.length; i += 3) {
            train(Path.of(args[i]), args[i + 1], Path.of(args[i + 2]));
        }
        // The JVM writes the cache as it exits; the contexts are closed, but libraries may leave threads behind.
        System.exit(0);
    }

    private static void train(Path classesJar, String mainClass, Path environmentFile) throws Exception {
        long started = System.nanoTime();
        URLClassLoader classes =
                new URLClassLoader(new URL[] {classesJar.toUri().toURL()}, SharedAotTraining.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(classes);
        SpringApplication application =
                new SpringApplication(new DefaultResourceLoader(classes), classes.loadClass(mainClass));
        application.setEnvironment(environmentOf(environmentFile));
        try {
            SpringApplication.withHook(app -> new RefreshOnly(), () -> application.run());
            throw new IllegalStateException(mainClass + " ran to completion; it should have stopped after refresh");
        } catch (SpringApplication.AbandonedRunException refreshed) {
            refreshed.getApplicationContext().close();
        }
        System.out.println("Trained " + mainClass + " in "
                + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
    }

    /** The service's environment variables in place of this JVM's, read by Spring as it reads a process's. */
    private static StandardEnvironment environmentOf(Path file) {
        Properties variables = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            variables.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> environment = new LinkedHashMap<>();
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
     * Stands in for the context's lifecycle processor, so the refresh starts nothing, and abandons the run once the
     * context is refreshed, before runners and the ready event.
     */
    private static final class RefreshOnly implements SpringApplicationRunListener, LifecycleProcessor {

        @Override
        public void contextPrepared(ConfigurableApplicationContext context) {
            context.getBeanFactory().registerSingleton(AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME, this);
        }

        @Override
        public void started(ConfigurableApplicationContext context, Duration timeTaken) {
            throw new SpringApplication.AbandonedRunException(context);
        }

        @Override
        public void onRefresh() {}

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
