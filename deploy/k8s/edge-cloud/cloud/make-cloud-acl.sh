#!/bin/sh
# Prints the cloud broker's ACL blocks for the homes' bridges, one user per home (hearth-bridge-{home}) confined to
# hearth/{home}/...: a home's credentials can neither write another home's readings nor read its commands.
# Append the output to base/mosquitto/acl on the cloud broker: sh make-cloud-acl.sh home-a home-b >> acl
set -eu
for home in "$@"; do
  case "$home" in
    *[!a-z0-9-]* | "" | -*) echo "not a home id: '$home' (lower-case letters, digits and '-')" >&2; exit 2 ;;
  esac
  cat <<ACL

user hearth-bridge-$home
topic write hearth/$home/sensors/+
topic write hearth/$home/actuators/+/state
topic write hearth/$home/gateways/+/status
topic write hearth/$home/gateways/+/manifest
topic write hearth/$home/loops/+/config
topic write hearth/$home/loops/+/config/result
topic write hearth/$home/loops/+/status
topic write hearth/$home/loops/+/autotune
topic read hearth/$home/actuators/+/set
topic read hearth/$home/loops/+/config/set
ACL
done
