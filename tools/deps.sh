#!/bin/sh
# Make sure gongkai's build and test dependencies are installed.
# As root, installs what is missing with apt-get; otherwise prints the
# exact command to run and fails.
set -eu
PACKAGES="gcc make pkg-config libncurses-dev libsqlite3-dev sqlite3
libsodium-dev libcmocka-dev gettext tmux python3 clang-format"

missing=""
if command -v dpkg-query >/dev/null 2>&1; then
	for p in $PACKAGES; do
		status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
		case "$status" in
		*"ok installed"*) ;;
		*) missing="$missing $p" ;;
		esac
	done
else
	for m in ncursesw sqlite3 libsodium cmocka; do
		pkg-config --exists "$m" 2>/dev/null || missing="$missing $m"
	done
	if [ -n "$missing" ]; then
		echo "gongkai: missing libraries:$missing (install their development packages)" >&2
		exit 1
	fi
	exit 0
fi
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
	echo "gongkai: installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
	echo "gongkai: missing packages:$missing" >&2
	echo "Install them with:  sudo apt-get install -y$missing" >&2
	exit 1
fi
