#!/bin/sh
# Kafka access control for the stack: a SCRAM user per service, and ACLs that let each one produce and consume only
# the topics its part of the saga needs; optionally, read-only users for Kafka UI and the saga console
# (docs/security.md has the table). Compose and k8s run it once the broker is up; it is idempotent, so running it
# again is safe. It only adds: a right taken out of this file stays granted until removed with kafka-acls --remove.
# It signs in as the broker's super user (SASL/PLAIN).
#
#   KAFKA_BOOTSTRAP_SERVERS        the broker
#   KAFKA_ADMIN_USERNAME, KAFKA_ADMIN_PASSWORD
#                                  the super user (listed in the broker's super.users)
#   KAFKA_SECURITY_PROTOCOL        SASL_PLAINTEXT (default) or SASL_SSL (then also KAFKA_ADMIN_TRUSTSTORE, a PEM file)
#   ORDER_SERVICE_KAFKA_PASSWORD, PAYMENT_SERVICE_KAFKA_PASSWORD, INVENTORY_SERVICE_KAFKA_PASSWORD,
#   SHIPPING_SERVICE_KAFKA_PASSWORD, SAGA_ORCHESTRATOR_KAFKA_PASSWORD
#                                  each service's password (letters, digits, '-' and '_')
#   KAFKA_UI_KAFKA_PASSWORD        optional: a read-only user for Kafka UI
#   CONSOLE_KAFKA_PASSWORD         optional: a read-only user for the saga console
#   KAFKA_BIN                      Kafka's scripts; /opt/kafka/bin in the apache/kafka image
set -eu

bin=${KAFKA_BIN:-/opt/kafka/bin}
admin_config=$(mktemp)
trap 'rm -f "$admin_config"' EXIT
cat > "$admin_config" <<EOF
security.protocol=${KAFKA_SECURITY_PROTOCOL:-SASL_PLAINTEXT}
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="$KAFKA_ADMIN_USERNAME" password="$KAFKA_ADMIN_PASSWORD";
EOF
if [ -n "${KAFKA_ADMIN_TRUSTSTORE:-}" ]; then
  printf 'ssl.truststore.type=PEM\nssl.truststore.location=%s\n' "$KAFKA_ADMIN_TRUSTSTORE" >> "$admin_config"
fi

# A user that signs in with SCRAM-SHA-512; its password is stored salted and hashed in the cluster's metadata.
user() { # name password
  "$bin/kafka-configs.sh" --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" --command-config "$admin_config" \
    --alter --entity-type users --entity-name "$1" --add-config "SCRAM-SHA-512=[password=$2]" > /dev/null
  echo "Kafka user $1"
}

allow() { # user, then kafka-acls options naming what it may do
  name=$1
  shift
  "$bin/kafka-acls.sh" --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" --command-config "$admin_config" \
    --add --force --allow-principal "User:$name" "$@" > /dev/null
}

# Reads its topics in its own consumer group; the first reader may create a topic, as the first writer may (topics are
# created on first use with the broker's defaults).
consumes() { # user topic...
  name=$1
  shift
  topics=""
  for topic in "$@"; do topics="$topics --topic $topic"; done
  # shellcheck disable=SC2086 # one --topic option per topic
  allow "$name" --consumer $topics --group "$name"
  # shellcheck disable=SC2086
  allow "$name" --operation Create $topics
}

# Writes to its topics (write, describe and create; an idempotent producer needs no more).
produces() { # user topic...
  name=$1
  shift
  topics=""
  for topic in "$@"; do topics="$topics --topic $topic"; done
  # shellcheck disable=SC2086
  allow "$name" --producer $topics
}

# Each participant reads its command topic, answers on saga.replies and dead-letters what it cannot process to its
# command topic's .DLT; the order service also publishes the order events that start sagas.
user order-service "$ORDER_SERVICE_KAFKA_PASSWORD"
consumes order-service order.commands
produces order-service order.events saga.replies order.commands.DLT

user payment-service "$PAYMENT_SERVICE_KAFKA_PASSWORD"
consumes payment-service payment.commands
produces payment-service saga.replies payment.commands.DLT

user inventory-service "$INVENTORY_SERVICE_KAFKA_PASSWORD"
consumes inventory-service inventory.commands
produces inventory-service saga.replies inventory.commands.DLT

user shipping-service "$SHIPPING_SERVICE_KAFKA_PASSWORD"
consumes shipping-service shipping.commands
produces shipping-service saga.replies shipping.commands.DLT

# The orchestrator reads order events and replies, sends every command, and reads the participants' committed offsets
# to tell a lost command from a slow participant (describe on their groups, nothing else).
user saga-orchestrator "$SAGA_ORCHESTRATOR_KAFKA_PASSWORD"
consumes saga-orchestrator order.events saga.replies
produces saga-orchestrator order.commands payment.commands inventory.commands shipping.commands \
  order.events.DLT saga.replies.DLT
allow saga-orchestrator --operation Describe \
  --group order-service --group payment-service --group inventory-service --group shipping-service

if [ -n "${KAFKA_UI_KAFKA_PASSWORD:-}" ]; then
  # Looks at everything, changes nothing.
  user kafka-ui "$KAFKA_UI_KAFKA_PASSWORD"
  allow kafka-ui --operation Read --operation Describe --operation DescribeConfigs --topic '*'
  allow kafka-ui --operation Describe --group '*'
  allow kafka-ui --operation Describe --operation DescribeConfigs --cluster
fi

if [ -n "${CONSOLE_KAFKA_PASSWORD:-}" ]; then
  # Reads the saga's topics and their dead letters, changes nothing. It assigns itself partitions and commits no
  # offsets, so it joins no group and needs no group ACL.
  user console "$CONSOLE_KAFKA_PASSWORD"
  topics=""
  for topic in order.events order.commands payment.commands inventory.commands shipping.commands saga.replies; do
    topics="$topics --topic $topic --topic $topic.DLT"
  done
  # shellcheck disable=SC2086 # one --topic option per topic
  allow console --operation Read --operation Describe $topics
fi
echo "Kafka ACLs in place"
