package dev.sagaref.testsupport.archfixture.broken;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.RestController;

/** Fixture: a controller that runs SQL itself instead of calling a service. */
@RestController
public class ControllerWithJdbc {
    JdbcClient jdbc;
}
