package dev.sagaref.events;

/** Where an order ships; {@code country} is an ISO 3166-1 alpha-2 code. */
public record ShippingAddress(String name, String street, String city, String postalCode, String country) {}
