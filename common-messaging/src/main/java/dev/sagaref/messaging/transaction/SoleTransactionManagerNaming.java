package dev.sagaref.messaging.transaction;

import java.lang.reflect.Method;
import java.util.Optional;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.transaction.TransactionManager;
import org.springframework.transaction.interceptor.DefaultTransactionAttribute;
import org.springframework.transaction.interceptor.TransactionAttribute;
import org.springframework.transaction.interceptor.TransactionAttributeSource;
import org.springframework.transaction.interceptor.TransactionInterceptor;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Names the context's one transaction manager in every {@code @Transactional} attribute that names none.
 *
 * <p>For a {@code @Transactional} method whose annotation names no manager, Spring (since 6.2) looks for a
 * {@code @Qualifier} on the target class on every call before it takes the default manager, and that annotation lookup
 * is not cached. A message passes three such methods (inbox, handler, outbox); at 20 sagas/s the lookup was in 1.5-4.2%
 * of each service's CPU samples (docs/benchmark/README.md). An attribute that names its manager goes straight to
 * Spring's cache of managers by name. The name is set once per method, on the attribute Spring caches for it.
 *
 * <p>Spring Data repositories get the same: their interceptor is given the manager's bean name, but Spring still
 * looks for the {@code @Qualifier} first, on every call of a repository method (3.4% of the orchestrator's reply
 * thread, for the {@code findById} that loads the saga).
 *
 * <p>Nothing is named when the context holds more than one manager, or when the interceptor was given a manager of its
 * own (a {@code TransactionManagementConfigurer}): Spring then chooses as it did.
 */
public final class SoleTransactionManagerNaming implements BeanPostProcessor, BeanFactoryAware, PriorityOrdered {

    private static final boolean SPRING_DATA_PRESENT = ClassUtils.isPresent(
            "org.springframework.data.repository.core.support.RepositoryFactoryBeanSupport",
            SoleTransactionManagerNaming.class.getClassLoader());

    private ListableBeanFactory beanFactory;

    /** Found on the first transactional call: empty when the context holds no manager or more than one. */
    private volatile Optional<String> soleManager;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory instanceof ListableBeanFactory listable ? listable : null;
    }

    /**
     * Registered before the post-processor that makes the transactional proxies: that one creates the interceptor when
     * it first looks for advisors, which can be as soon as it processes the next post-processor.
     */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (beanFactory == null) {
            return bean;
        }
        if (bean instanceof TransactionInterceptor interceptor) {
            nameSoleManagerIn(interceptor);
        } else if (SPRING_DATA_PRESENT) {
            RepositoryTransactionInterceptors.forEachTransactionInterceptor(bean, this::nameSoleManagerIn);
        }
        return bean;
    }

    private void nameSoleManagerIn(TransactionInterceptor interceptor) {
        if (interceptor.getTransactionManager() == null
                && interceptor.getTransactionAttributeSource() != null
                && !(interceptor.getTransactionAttributeSource() instanceof NamingAttributeSource)) {
            interceptor.setTransactionAttributeSource(
                    new NamingAttributeSource(interceptor.getTransactionAttributeSource()));
        }
    }

    private Optional<String> soleManager() {
        Optional<String> found = soleManager;
        if (found == null) {
            String[] names = beanFactory.getBeanNamesForType(TransactionManager.class, false, false);
            found = names.length == 1 ? Optional.of(names[0]) : Optional.empty();
            soleManager = found;
        }
        return found;
    }

    private final class NamingAttributeSource implements TransactionAttributeSource {

        private final TransactionAttributeSource annotations;

        NamingAttributeSource(TransactionAttributeSource annotations) {
            this.annotations = annotations;
        }

        @Override
        public boolean isCandidateClass(Class<?> targetClass) {
            return annotations.isCandidateClass(targetClass);
        }

        @Override
        public boolean hasTransactionAttribute(Method method, Class<?> targetClass) {
            return annotations.hasTransactionAttribute(method, targetClass);
        }

        @Override
        public TransactionAttribute getTransactionAttribute(Method method, Class<?> targetClass) {
            TransactionAttribute attribute = annotations.getTransactionAttribute(method, targetClass);
            if (attribute instanceof DefaultTransactionAttribute unnamed
                    && !StringUtils.hasText(unnamed.getQualifier())) {
                soleManager().ifPresent(unnamed::setQualifier);
            }
            return attribute;
        }
    }
}
