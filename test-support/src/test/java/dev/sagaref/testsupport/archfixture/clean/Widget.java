package dev.sagaref.testsupport.archfixture.clean;

import jakarta.persistence.Entity;

/** Fixture: an entity that is domain only. */
@Entity
public class Widget {}
