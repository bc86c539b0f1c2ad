#!/bin/sh
# Deletes from a production node_modules what Node never loads at run time:
# type declarations, TypeScript sources, source maps and markdown (~48 MB of
# the ~110 MB without chDB). Used by deploy/helm/Dockerfile and by the
# prod-build test, so the test runs the apps on what the image ships.
set -eu
dir="${1:?usage: slim-node-modules.sh <node_modules directory>}"
find "$dir" -type f \( -name '*.ts' -o -name '*.d.mts' -o -name '*.d.cts' -o -name '*.map' -o -name '*.md' \) -delete
