#!/bin/sh
# Bundles the action into .build/$1/dist (not dist/), so that several people can build and run the
# end-to-end tests at once without racing on dist/. Use: npm run bundle:private -- NAME, then run
# the tests with ACTION_BUNDLE=.build/NAME/dist.
set -eu
name=${1:?usage: npm run bundle:private -- NAME}
out=".build/$name"
rm -rf "$out"
tsc -p tsconfig.build.json --outDir "$out/lib"
tsx scripts/bundle.ts "$out/lib" "$out/dist"
echo "$out/dist"
