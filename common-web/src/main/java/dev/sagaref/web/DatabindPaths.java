package dev.sagaref.web;

import tools.jackson.databind.DatabindException;

/** The JSON path of the field a binding error is about, written like {@code items[0].quantity}. */
final class DatabindPaths {

    private DatabindPaths() {}

    static String of(DatabindException exception) {
        StringBuilder path = new StringBuilder();
        for (var reference : exception.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
