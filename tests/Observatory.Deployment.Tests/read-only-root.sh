#!/bin/sh
# Runs a published app the way its container runs it, without a container engine: in a private
# mount namespace (start it with `unshare -m --propagation private`) where the whole root
# filesystem is read-only, the app is mounted read-only at /srv, /tmp is a fresh tmpfs (the
# chart's emptyDir, the only writable path), and the process runs as the image's non-root user
# with no capabilities and no way to gain privileges. With SANDBOX_SECRETS set, that directory is
# mounted read-only at /run/secrets, as a Secret volume is: bound before /tmp is covered, since the
# directory may live under the host's /tmp, and reachable by the app's user whatever the
# permissions of the directories above it on the host.
# Usage: [SANDBOX_SECRETS=<dir>] read-only-root.sh <published app dir> <uid> <command> [args...]
set -e
app=$1
uid=$2
shift 2
# Per-mount flags: only this namespace's view of / turns read-only.
mount -o remount,bind,ro /
mount --bind "$app" /srv
mount -o remount,bind,ro /srv
if [ -n "${SANDBOX_SECRETS:-}" ]; then
  mount -t tmpfs -o size=1m,mode=755 tmpfs /run
  mkdir /run/secrets
  mount --bind "$SANDBOX_SECRETS" /run/secrets
  mount -o remount,bind,ro /run/secrets
  unset SANDBOX_SECRETS
fi
mount -t tmpfs -o size=64m,mode=1777 tmpfs /tmp
cd /srv
exec setpriv --reuid "$uid" --regid "$uid" --clear-groups --inh-caps=-all --bounding-set=-all --no-new-privs "$@"
