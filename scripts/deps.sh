#!/bin/sh
# Installs what building and testing score needs, on Debian 12, when it is
# missing. As root it uses apt-get; otherwise it names what to install.
set -eu
# scripts/deps.sh [build] [test]: what building needs, and what testing adds
# libzip and expat read workbooks (.xlsx); libxlsxwriter writes them
build="make gcc flex bison pkg-config gettext libgmp-dev liblua5.4-dev libutf8proc-dev libxlsxwriter-dev libzip-dev libexpat1-dev"
# python3-openpyxl fills workbooks and LibreOffice (Calc, headless) writes and
# reads them back in the workbook tests; poppler-utils reads back the pages
# LibreOffice and chromium print (tests/print); python3-dev, -setuptools and
# -pip build and install the Python module, python3-pandas its frames
# (make python-check); debhelper and dh-python build the packages, lintian
# checks them and man-db shows their installed manual pages (make deb-check)
test="clang libclang-rt-14-dev libcunit1-dev valgrind cppcheck help2man groff-base debhelper dh-python dpkg-dev unzip chromium fonts-wqy-microhei python3-openpyxl libreoffice-calc-nogui poppler-utils python3-dev python3-setuptools python3-pip python3-pandas lintian man-db"
need=""
for part in ${*:-build test}; do
	case $part in
	build) need="$need $build" ;;
	test) need="$need $test" ;;
	*) echo "deps: unknown part '$part' (build or test)" >&2; exit 3 ;;
	esac
done
missing=""
for pkg in $need; do
	if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $pkg"
	fi
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
	echo "deps: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
	echo "deps: please install:$missing (sudo apt-get install$missing)" >&2
	exit 1
fi
