package dev.sagaref.messaging.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds the settings the five services share ({@code service-defaults.yml} beside this class) to a service that asks
 * for them with {@code sagaref.service-defaults: true}, so each service's application.yml holds only its own.
 *
 * <p>Added as the weakest source, which a {@code spring.config.import} would not be (an imported file overrides the
 * file that imports it): a value the service sets in its own file, its environment or its command line wins.
 */
public class ServiceDefaults implements EnvironmentPostProcessor, Ordered {

    static final String SWITCH = "sagaref.service-defaults";
    private static final String FILE = "service-defaults.yml";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getProperty(SWITCH, Boolean.class, false)) {
            return;
        }
        try {
            new YamlPropertySourceLoader()
                    .load("serviceDefaults", new ClassPathResource(FILE, ServiceDefaults.class))
                    .forEach(environment.getPropertySources()::addLast);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + FILE, e);
        }
    }

    /** Right after the application's own files are read (the switch is in them), before anything reads the rest. */
    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }
}
