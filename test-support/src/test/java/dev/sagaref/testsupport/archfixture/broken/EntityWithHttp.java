package dev.sagaref.testsupport.archfixture.broken;

import jakarta.persistence.Entity;
import org.springframework.http.HttpStatus;

/** Fixture: an entity that knows about HTTP. */
@Entity
public class EntityWithHttp {
    HttpStatus status;
}
