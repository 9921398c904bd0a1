package dev.sagaref.order;

import dev.sagaref.testsupport.RealInfrastructureConfiguration;
import dev.sagaref.testsupport.ServiceHealthContract;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(RealInfrastructureConfiguration.class)
class OrderServiceStartsIT extends ServiceHealthContract {}
