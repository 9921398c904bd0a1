package dev.sagaref.messaging.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.interceptor.TransactionInterceptor;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

class SoleTransactionManagerNamingTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withBean(SoleTransactionManagerNaming.class)
            .withUserConfiguration(TransactionalWork.class);

    @Test
    void theSoleManagerIsNamedInAnAttributeThatNamesNoneAndRunsTheTransaction() {
        context.withBean("jpaTransactions", CountingTransactionManager.class).run(started -> {
            started.getBean(Work.class).unnamed();

            assertThat(started.getBean(CountingTransactionManager.class).begun).containsExactly("unnamed");
            assertThat(qualifierOf(started.getBean(TransactionInterceptor.class), "unnamed"))
                    .isEqualTo("jpaTransactions");
        });
    }

    @Test
    void withTwoManagersNothingIsNamedAndSpringTakesThePrimaryAsBefore() {
        context.withUserConfiguration(TwoManagers.class).run(started -> {
            started.getBean(Work.class).unnamed();

            assertThat(started.getBean("primary", CountingTransactionManager.class).begun)
                    .containsExactly("unnamed");
            assertThat(started.getBean("other", CountingTransactionManager.class).begun)
                    .isEmpty();
            assertThat(qualifierOf(started.getBean(TransactionInterceptor.class), "unnamed"))
                    .isEmpty();
        });
    }

    @Test
    void aManagerNamedInTheAnnotationIsKept() {
        context.withUserConfiguration(TwoManagers.class).run(started -> {
            started.getBean(Work.class).namedOther();

            assertThat(started.getBean("other", CountingTransactionManager.class).begun)
                    .containsExactly("namedOther");
            assertThat(qualifierOf(started.getBean(TransactionInterceptor.class), "namedOther"))
                    .isEqualTo("other");
        });
    }

    private static String qualifierOf(TransactionInterceptor interceptor, String methodName)
            throws NoSuchMethodException {
        Method method = Work.class.getMethod(methodName);
        return interceptor
                .getTransactionAttributeSource()
                .getTransactionAttribute(method, Work.class)
                .getQualifier();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableTransactionManagement
    static class TransactionalWork {
        @Bean
        Work work() {
            return new Work();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoManagers {
        @Bean
        @Primary
        CountingTransactionManager primary() {
            return new CountingTransactionManager();
        }

        @Bean
        CountingTransactionManager other() {
            return new CountingTransactionManager();
        }
    }

    static class Work {
        @Transactional
        public void unnamed() {}

        @Transactional("other")
        public void namedOther() {}
    }

    /** Records the name of each transaction it begins; commits and rollbacks do nothing. */
    static class CountingTransactionManager extends AbstractPlatformTransactionManager {
        final List<String> begun = new ArrayList<>();

        @Override
        protected Object doGetTransaction() {
            return new Object();
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {
            String name = definition.getName();
            begun.add(name.substring(name.lastIndexOf('.') + 1));
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {}

        @Override
        protected void doRollback(DefaultTransactionStatus status) {}
    }
}
