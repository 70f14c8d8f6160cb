#!/bin/sh
# Builds Mosquitto's password file from the hearth-mqtt Secret's values (environment), hashed by mosquitto_passwd.
# Run by the broker's init container; $1 is the file to write. Every service's password must be set: a missing one
# stops here. HEARTH_MQTT_PASSWORD_BRIDGE is optional (the cloud broker of an edge + cloud deployment).
set -eu
out="$1"
: > "$out"
chmod 600 "$out"
for pair in "hearth-gateway:${HEARTH_MQTT_PASSWORD_GATEWAY:?}" "hearth-control:${HEARTH_MQTT_PASSWORD_CONTROL:?}" \
            "hearth-history:${HEARTH_MQTT_PASSWORD_HISTORY:?}" "hearth-edge:${HEARTH_MQTT_PASSWORD_EDGE:?}"; do
  mosquitto_passwd -b "$out" "${pair%%:*}" "${pair#*:}"
done
# The cloud broker of an edge + cloud deployment also lets the homes' bridges in.
if [ -n "${HEARTH_MQTT_PASSWORD_BRIDGE:-}" ]; then
  mosquitto_passwd -b "$out" hearth-bridge "$HEARTH_MQTT_PASSWORD_BRIDGE"
fi
