#!/bin/sh
# Builds Mosquitto's password file from the hearth-mqtt Secret's values (environment), hashed by mosquitto_passwd.
# Run by the broker's init container; $1 is the file to write. Every service's password must be set: a missing one
# stops here. Bridge users are optional (the cloud broker of an edge + cloud deployment), see below.
set -eu
out="$1"
: > "$out"
chmod 600 "$out"
for pair in "hearth-gateway:${HEARTH_MQTT_PASSWORD_GATEWAY:?}" "hearth-control:${HEARTH_MQTT_PASSWORD_CONTROL:?}" \
            "hearth-history:${HEARTH_MQTT_PASSWORD_HISTORY:?}" "hearth-edge:${HEARTH_MQTT_PASSWORD_EDGE:?}"; do
  mosquitto_passwd -b "$out" "${pair%%:*}" "${pair#*:}"
done
# The cloud broker of an edge + cloud deployment also lets each home's bridge in: HEARTH_MQTT_BRIDGE_HOMES lists the
# homes, HEARTH_MQTT_PASSWORD_BRIDGE_<HOME> (upper case, '-' as '_') holds each one's password.
for home in ${HEARTH_MQTT_BRIDGE_HOMES:-}; do
  var="HEARTH_MQTT_PASSWORD_BRIDGE_$(echo "$home" | tr 'a-z-' 'A-Z_')"
  eval "password=\${$var:?$var is not set}"
  mosquitto_passwd -b "$out" "hearth-bridge-$home" "$password"
done
