package dev.sagaref.order.archfixture;

/** Fixture: a class of one service that another must not use. */
public class OrderThing {}
