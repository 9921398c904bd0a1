package dev.sagaref.order.ordering;

import java.util.List;

/** One page of a search, newest order first. */
public record OrderPage(List<OrderView> content, int page, int size, long totalElements) {}
