package dev.sagaref.web.security;

import dev.sagaref.web.warmup.ApiWarmUp;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.time.Duration;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.MethodParameter;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every service's API is an OAuth 2 resource server: a request needs a JWT from the stack's issuer (its signature,
 * issuer and expiry checked against the issuer's key set, {@code spring.security.oauth2.resourceserver.jwt.*}), except
 * the probes and the scrape endpoint, which expose nothing else, and the API docs. Who may do what is declared where
 * it is done: {@code @PreAuthorize} on a controller method, or a check against the {@link Caller}.
 */
@AutoConfiguration(
        beforeName = {
            "org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.OAuth2ResourceServerWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration"
        })
@EnableMethodSecurity
public class ApiSecurityAutoConfiguration {

    /** The claim that lists a token's roles, {@code OPERATOR} or {@code CUSTOMER}. */
    static final String ROLES_CLAIM = "roles";

    /** The name the API docs give the bearer token scheme. */
    static final String BEARER_SCHEME = "bearer";

    /** Reachable without a token: probes, the Prometheus scrape and the API docs. None of them shows business data. */
    private static final String[] PUBLIC_PATHS = {
        "/actuator/health",
        "/actuator/health/**",
        "/actuator/prometheus",
        "/v3/api-docs/**",
        "/swagger-ui/**",
        "/swagger-ui.html"
    };

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, JsonMapper json) throws Exception {
        ProblemDetailsSecurityHandler problems = new ProblemDetailsSecurityHandler(json);
        http.authorizeHttpRequests(requests -> requests.requestMatchers(PUBLIC_PATHS)
                        .permitAll()
                        .requestMatchers("/actuator/**")
                        .hasRole(Caller.OPERATOR)
                        .anyRequest()
                        .authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(rolesAsAuthorities()))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(exceptions ->
                        exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                // A bearer token comes with every request: no session, and no cookie a CSRF attack could ride on.
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(AbstractHttpConfigurer::disable);
        return http.build();
    }

    /**
     * Spring Security would time every filter, every authentication and every authorization as a Micrometer
     * observation (a span each when tracing is on). In a JFR profile of order-service at 10 orders/s those wrappers
     * were the largest part of the security filters' 12% of samples, more than checking the token; the request's own
     * HTTP observation and span stay.
     */
    @Bean
    SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /** The refused request a service sends itself before it reports ready, so its first real one is not slow. */
    @Bean
    @ConditionalOnBooleanProperty(name = "web.warm-up.enabled", matchIfMissing = true)
    ApiWarmUp apiWarmUp(Environment environment, ObjectProvider<MeterRegistry> meters) {
        return new ApiWarmUp(environment, meters.getIfAvailable(() -> Metrics.globalRegistry), Duration.ofSeconds(10));
    }

    /** {@code "roles": ["OPERATOR"]} becomes the authority {@code ROLE_OPERATOR}, for {@code hasRole('OPERATOR')}. */
    private static JwtAuthenticationConverter rolesAsAuthorities() {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName(ROLES_CLAIM);
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(roles);
        return converter;
    }

    @Bean
    WebMvcConfigurer callerArguments() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CallerArgumentResolver());
            }
        };
    }

    /** Fills in a controller method's {@link Caller} parameter from the request's verified token. */
    static final class CallerArgumentResolver implements HandlerMethodArgumentResolver {

        @Override
        public boolean supportsParameter(MethodParameter parameter) {
            return parameter.getParameterType() == Caller.class;
        }

        @Override
        public Caller resolveArgument(
                MethodParameter parameter,
                ModelAndViewContainer mavContainer,
                NativeWebRequest webRequest,
                WebDataBinderFactory binderFactory) {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            if (authentication == null || !(authentication.getPrincipal() instanceof Jwt token)) {
                throw new IllegalStateException("No verified token for a method that needs its caller");
            }
            return Caller.of(token);
        }
    }

    /**
     * The API docs say how to sign in, so Swagger UI shows its "Authorize" button: paste a token from the stack's
     * issuer ({@code ./dev-token operator}, {@code ./dev-token customer <id>}) and every "Try it out" sends it.
     */
    @Bean
    OpenApiCustomizer bearerTokenInApiDocs() {
        return api -> api.schemaRequirement(
                        BEARER_SCHEME,
                        new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP)
                                .scheme("bearer")
                                .bearerFormat("JWT")
                                .description("An access token from the stack's issuer; in the local run, "
                                        + "./dev-token operator or ./dev-token customer <customer id> prints one"))
                .addSecurityItem(new SecurityRequirement().addList(BEARER_SCHEME));
    }
}
