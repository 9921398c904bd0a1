package dev.sagaref.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.DeserializationFeature;

/**
 * Problem details for every error, a limit on request bodies and strict whole numbers, in every service that has a
 * REST API.
 */
// Before Spring MVC's auto-configuration, so its generic exception handler backs off in favour of ours.
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration")
@Import(ProblemDetailsAdvice.class)
public class ProblemDetailsAutoConfiguration {

    /** Orders are small; anything near this size is a mistake or an attack. */
    static final DataSize MAX_BODY = DataSize.ofKilobytes(256);

    @Bean
    FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter() {
        FilterRegistrationBean<RequestSizeLimitFilter> registration =
                new FilterRegistrationBean<>(new RequestSizeLimitFilter(MAX_BODY.toBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /**
     * Quantities, prices, balances and stock are whole numbers: {@code "quantity": 1.5} is refused with a problem
     * that names the field instead of silently becoming 1, which Jackson does by default.
     */
    @Bean
    JsonMapperBuilderCustomizer refuseFractionsForWholeNumbers() {
        return builder -> builder.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }
}
