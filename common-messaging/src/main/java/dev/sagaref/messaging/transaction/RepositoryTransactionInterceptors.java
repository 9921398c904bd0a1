package dev.sagaref.messaging.transaction;

import java.util.function.Consumer;
import org.springframework.aop.Advisor;
import org.springframework.data.repository.core.support.RepositoryFactoryBeanSupport;
import org.springframework.transaction.interceptor.TransactionInterceptor;

/**
 * The transaction interceptors of Spring Data repositories. Spring Data builds one for each repository proxy as it
 * makes the proxy, not as a bean, so a bean post-processor never sees it; the repository's factory bean does. Only
 * touched where Spring Data is on the class path.
 */
final class RepositoryTransactionInterceptors {

    private RepositoryTransactionInterceptors() {}

    /**
     * If {@code bean} is a repository factory bean that has not made its repository yet, hands {@code change} the
     * transaction interceptor of the repository proxy it makes. Spring Data adds its transaction interceptor before it
     * applies customizers, so a proxy post-processor added by one finds the interceptor in place.
     */
    static void forEachTransactionInterceptor(Object bean, Consumer<TransactionInterceptor> change) {
        if (bean instanceof RepositoryFactoryBeanSupport<?, ?, ?> repositoryFactory) {
            repositoryFactory.addRepositoryFactoryCustomizer(factory ->
                    factory.addRepositoryProxyPostProcessor((proxy, repository) -> {
                        for (Advisor advisor : proxy.getAdvisors()) {
                            if (advisor.getAdvice() instanceof TransactionInterceptor interceptor) {
                                change.accept(interceptor);
                            }
                        }
                    }));
        }
    }
}
