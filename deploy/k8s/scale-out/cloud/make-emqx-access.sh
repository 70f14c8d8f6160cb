#!/bin/sh
# Writes the EMQX cluster's users (a bootstrap file for its built-in database) and ACL, the same rules as
# base/mosquitto/acl and edge-cloud/cloud/make-cloud-acl.sh in EMQX's syntax: history-service and web-edge as at home,
# one bridge user per home confined to hearth/{home}/.... Run by the broker's init container; $1 is the directory.
# Passwords come from the environment (the hearth-mqtt and hearth-bridge Secrets): a missing one stops here.
# EMQX reads the users file when the authenticator is first created: later changes of a password go through
# `emqx ctl` or the dashboard (deploy/README.md, "Scale-out").
set -eu
dir="$1"
# A password goes into a CSV line: no comma, quote or line break in it.
check() { case "$2" in *[,\"\\]* | *"
"*) echo "the password of $1 holds a comma, quote or line break" >&2; exit 2 ;; esac; }
check hearth-history "${HEARTH_MQTT_PASSWORD_HISTORY:?}"
check hearth-edge "${HEARTH_MQTT_PASSWORD_EDGE:?}"
umask 077
mkdir -p "$dir"
{
  echo "user_id,password,is_superuser"
  echo "hearth-history,${HEARTH_MQTT_PASSWORD_HISTORY:?},false"
  echo "hearth-edge,${HEARTH_MQTT_PASSWORD_EDGE:?},false"
} > "$dir/users.csv"
cat > "$dir/acl.conf" <<'ACL'
%% history-service reads readings and states ($share/history/... is checked as the topic after the group).
{allow, {username, "hearth-history"}, subscribe, ["hearth/+/sensors/+", "hearth/+/actuators/+/state"]}.
%% web-edge reads everything of its homes; publishes people's commands and loop changes.
{allow, {username, "hearth-edge"}, subscribe, ["hearth/#"]}.
{allow, {username, "hearth-edge"}, publish, ["hearth/+/actuators/+/set", "hearth/+/loops/+/config/set"]}.
ACL
for home in ${HEARTH_MQTT_BRIDGE_HOMES:-}; do
  case "$home" in
    *[!a-z0-9-]* | -*) echo "not a home id: '$home' (lower-case letters, digits and '-')" >&2; exit 2 ;;
  esac
  var="HEARTH_MQTT_PASSWORD_BRIDGE_$(echo "$home" | tr 'a-z-' 'A-Z_')"
  eval "password=\${$var:?$var is not set}"
  check "hearth-bridge-$home" "$password"
  echo "hearth-bridge-$home,$password,false" >> "$dir/users.csv"
  cat >> "$dir/acl.conf" <<ACL
%% The bridge of home $home: up what the home publishes, down its commands and loop changes.
{allow, {username, "hearth-bridge-$home"}, publish, ["hearth/$home/sensors/+", "hearth/$home/actuators/+/state", "hearth/$home/gateways/+/status", "hearth/$home/gateways/+/manifest", "hearth/$home/loops/+/config", "hearth/$home/loops/+/config/result", "hearth/$home/loops/+/status", "hearth/$home/loops/+/autotune"]}.
{allow, {username, "hearth-bridge-$home"}, subscribe, ["hearth/$home/actuators/+/set", "hearth/$home/loops/+/config/set"]}.
ACL
done
echo "{deny, all}." >> "$dir/acl.conf"
