package dev.sagaref.messaging.relay.debezium;

import java.lang.reflect.Field;

/**
 * The private fields of Debezium and the PostgreSQL driver that the relay reaches. Each is looked up when the class
 * that uses it loads, so a version without it fails {@code HandOverPostgresConnectorTaskTest}, not a running relay.
 */
final class PrivateFields {

    private PrivateFields() {}

    static Field find(Class<?> owner, String name) {
        try {
            Field field = owner.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(
                    owner.getName() + " has no field '" + name
                            + "': this version is not the one the Debezium relay was written for",
                    e);
        }
    }

    static Object read(Field field, Object owner) {
        try {
            return field.get(owner);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot read " + field, e);
        }
    }
}
