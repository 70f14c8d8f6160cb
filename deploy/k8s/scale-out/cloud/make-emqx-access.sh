#!/bin/sh
# Writes the EMQX cluster's users (a bootstrap file for its built-in database) and ACL, the rules of
# base/mosquitto/acl and edge-cloud/cloud/make-cloud-acl.sh in EMQX's syntax, confined per home: for each home in
# $HEARTH_MQTT_HOMES its history-service (hearth-history-{home}), its web-edge (hearth-edge-{home}) and its bridge
# (hearth-bridge-{home}), each allowed only topics under hearth/{home}/. Run by the broker's init container; $1 is the
# directory. Passwords come from the environment (HEARTH_MQTT_PASSWORD_{HISTORY,EDGE,BRIDGE}_{HOME}, from the
# hearth-mqtt and hearth-bridge Secrets): a missing one stops here.
# EMQX reads the users file when the authenticator is first created: later changes of a password go through
# `emqx ctl` or the dashboard (deploy/README.md, "Scale-out").
set -eu
dir="$1"
# A password goes into a CSV line: no comma, quote or line break in it.
check() { case "$2" in *[,\"\\]* | *"
"*) echo "the password of $1 holds a comma, quote or line break" >&2; exit 2 ;; esac; }
password() {
  var="HEARTH_MQTT_PASSWORD_$1_$(echo "$2" | tr 'a-z-' 'A-Z_')"
  eval "value=\${$var:-}"
  [ -n "$value" ] || { echo "$var is not set (the password of $3)" >&2; exit 2; }
  check "$3" "$value"
  echo "$3,$value,false" >> "$dir/users.csv.new"
}
case "${HEARTH_MQTT_HOMES:-}" in *[a-z0-9]*) ;; *) echo "HEARTH_MQTT_HOMES names no home" >&2; exit 2 ;; esac
umask 077
mkdir -p "$dir"
echo "user_id,password,is_superuser" > "$dir/users.csv.new"
: > "$dir/acl.conf.new"
for home in $HEARTH_MQTT_HOMES; do
  case "$home" in
    *[!a-z0-9-]* | -*) echo "not a home id: '$home' (lower-case letters, digits and '-')" >&2; exit 2 ;;
  esac
  password HISTORY "$home" "hearth-history-$home"
  password EDGE "$home" "hearth-edge-$home"
  password BRIDGE "$home" "hearth-bridge-$home"
  cat >> "$dir/acl.conf.new" <<ACL
%% Home $home. Its history-service reads readings and states (\$share/history/... is checked as the topic after the group).
{allow, {username, "hearth-history-$home"}, subscribe, ["hearth/$home/sensors/+", "hearth/$home/actuators/+/state"]}.
%% Its web-edge reads everything of the home; publishes people's commands and loop changes.
{allow, {username, "hearth-edge-$home"}, subscribe, ["hearth/$home/#"]}.
{allow, {username, "hearth-edge-$home"}, publish, ["hearth/$home/actuators/+/set", "hearth/$home/loops/+/config/set"]}.
%% Its bridge: up what the home publishes, down its commands and loop changes.
{allow, {username, "hearth-bridge-$home"}, publish, ["hearth/$home/sensors/+", "hearth/$home/actuators/+/state", "hearth/$home/gateways/+/status", "hearth/$home/gateways/+/manifest", "hearth/$home/loops/+/config", "hearth/$home/loops/+/config/result", "hearth/$home/loops/+/status", "hearth/$home/loops/+/autotune"]}.
{allow, {username, "hearth-bridge-$home"}, subscribe, ["hearth/$home/actuators/+/set", "hearth/$home/loops/+/config/set"]}.
ACL
done
echo "{deny, all}." >> "$dir/acl.conf.new"
# Both files whole or neither: a half-written users file would lock a home out.
mv "$dir/users.csv.new" "$dir/users.csv"
mv "$dir/acl.conf.new" "$dir/acl.conf"
