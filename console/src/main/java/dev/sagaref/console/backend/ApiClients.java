package dev.sagaref.console.backend;

import dev.sagaref.console.ConsoleSettings;
import dev.sagaref.console.signin.SignInConfiguration;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;

/** One HTTP client per service, each sending the signed-in person's access token with every call. */
@Configuration(proxyBeanMethods = false)
class ApiClients {

    @Bean
    StackApis stackApis(
            RestClient.Builder builder, OAuth2AuthorizedClientManager authorizedClients, ConsoleSettings settings) {
        OAuth2ClientHttpRequestInterceptor asSignedInPerson = new OAuth2ClientHttpRequestInterceptor(authorizedClients);
        asSignedInPerson.setClientRegistrationIdResolver(request -> SignInConfiguration.REGISTRATION_ID);
        // A page waits for the services it shows; a stalled one should show as an error, not hang the page.
        JdkClientHttpRequestFactory withTimeouts = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
        withTimeouts.setReadTimeout(Duration.ofSeconds(10));
        RestClient.Builder signed = builder.clone().requestFactory(withTimeouts).requestInterceptor(asSignedInPerson);
        ConsoleSettings.Services services = settings.services();
        return new StackApis(
                client(signed, services.orderService()),
                client(signed, services.paymentService()),
                client(signed, services.inventoryService()),
                client(signed, services.shippingService()),
                client(signed, services.sagaOrchestrator()));
    }

    private static RestClient client(RestClient.Builder builder, URI baseUri) {
        return builder.clone().baseUrl(baseUri.toString()).build();
    }
}
