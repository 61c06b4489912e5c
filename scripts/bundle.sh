#!/bin/sh
# Bundles the compiled action ($1, e.g. lib/index.js) into $2 (dist/ for action.yml), minified:
# ncc bundles, with a chunk per dynamic import so that each path loads only what it needs, and
# esbuild minifies every file (ncc's own -m minifies the entry alone, not the chunks). Names are
# kept: error classes and libraries read them.
set -eu
ncc build "$1" -o "$2" --license licenses.txt -q
esbuild "$2"/*.js --minify --keep-names --outdir="$2" --allow-overwrite --log-level=warning
