package dev.sagaref.testsupport.archfixture.clean;

import org.springframework.data.repository.CrudRepository;

/** Fixture: the service owns the repository. */
public class WidgetService {

    interface Widgets extends CrudRepository<Widget, Long> {}

    Widgets widgets;
}
