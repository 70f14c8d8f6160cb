#!/bin/sh
# Writes the edge broker's bridge to the cloud broker (edge + cloud deployment), from the environment (a ConfigMap and
# a Secret): HEARTH_HOME, HEARTH_CLOUD_HOST, HEARTH_CLOUD_PORT (8883), HEARTH_BRIDGE_PASSWORD, and HEARTH_CLOUD_CAFILE
# (the CA that signed the cloud broker's certificate; TLS is on whenever it is set, and should always be across the
# internet). $1 is the file to write; mosquitto.conf includes it.
#
# Out: everything the home publishes (readings, states, gateways, loops), so history and web-edge in the cloud see it.
# In: commands and loop changes made in the cloud. The bridge keeps a persistent session on both sides
# (cleansession false), so what the home publishes while the link is down waits in the edge broker's queue for it and
# goes up when the link is back; control keeps running at home meanwhile.
set -eu
out="$1"
home="${HEARTH_HOME:?}"
cat > "$out" <<CONF
connection hearth-cloud-${home}
address ${HEARTH_CLOUD_HOST:?}:${HEARTH_CLOUD_PORT:-8883}
bridge_protocol_version mqttv311
remote_clientid hearth-bridge-${home}
remote_username hearth-bridge
remote_password ${HEARTH_BRIDGE_PASSWORD:?}
cleansession false
try_private true
restart_timeout 2 30
topic hearth/${home}/sensors/+ out 1
topic hearth/${home}/actuators/+/state out 1
topic hearth/${home}/gateways/+/status out 1
topic hearth/${home}/gateways/+/manifest out 1
topic hearth/${home}/loops/+/config out 1
topic hearth/${home}/loops/+/config/result out 1
topic hearth/${home}/loops/+/status out 0
topic hearth/${home}/loops/+/autotune out 1
topic hearth/${home}/actuators/+/set in 1
topic hearth/${home}/loops/+/config/set in 1
CONF
if [ -n "${HEARTH_CLOUD_CAFILE:-}" ]; then
  echo "bridge_cafile ${HEARTH_CLOUD_CAFILE}" >> "$out"
fi
chmod 600 "$out"
