#!/bin/sh
# Writes the edge broker's bridge to the cloud broker (edge + cloud deployment), from the environment (a ConfigMap and
# a Secret): HEARTH_HOME, HEARTH_CLOUD_HOST, HEARTH_CLOUD_PORT (8883), HEARTH_BRIDGE_PASSWORD, and HEARTH_CLOUD_CAFILE
# (the CA that signed the cloud broker's certificate). Without a CA file it refuses, unless HEARTH_BRIDGE_INSECURE=1
# says a cleartext link is meant (a test on loopback). $1 is the file to write; append it to the edge broker's
# mosquitto.conf. The cloud broker needs the user hearth-bridge-{home} (make-cloud-acl.sh, make-passwd.sh).
#
# Out: everything the home publishes (readings, states, gateways, loops), so history and web-edge in the cloud see it.
# In: commands and loop changes made in the cloud. The bridge keeps a persistent session on both sides
# (cleansession false), so what the home publishes while the link is down waits in the edge broker's queue for it and
# goes up when the link is back; control keeps running at home meanwhile. The cloud's copy of a gateway's status is
# the last one the bridge brought: it does not turn offline when the link does (notifications are off, as the ACL
# gives bridges nothing under $SYS).
set -eu
umask 077
out="$1"
home="${HEARTH_HOME:?}"
case "$home" in
  *[!a-z0-9-]* | -*) echo "HEARTH_HOME is not a home id: '$home'" >&2; exit 2 ;;
esac
password="${HEARTH_BRIDGE_PASSWORD:?}"
case "$password" in
  *"
"* | " "* | *" ") echo "HEARTH_BRIDGE_PASSWORD must be one line without leading or trailing spaces" >&2; exit 2 ;;
esac
if [ -z "${HEARTH_CLOUD_CAFILE:-}" ] && [ "${HEARTH_BRIDGE_INSECURE:-0}" != 1 ]; then
  echo "HEARTH_CLOUD_CAFILE is not set: the bridge would send the home's data in cleartext (HEARTH_BRIDGE_INSECURE=1 to mean it)" >&2
  exit 2
fi
cat > "$out" <<CONF
connection hearth-cloud-${home}
address ${HEARTH_CLOUD_HOST:?}:${HEARTH_CLOUD_PORT:-8883}
bridge_protocol_version mqttv311
remote_clientid hearth-bridge-${home}
remote_username hearth-bridge-${home}
remote_password ${password}
cleansession false
try_private true
notifications false
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
