#!/usr/bin/env bash
# Scaffolds an Nx project with the workspace's standard targets.
# usage: tools/new-project.sh <apps|libs> <name> <type tag> <scope tag>
set -euo pipefail
kind=$1 name=$2 type=$3 scope=$4
root="$kind/$name"
mkdir -p "$root/src"
tsconfig_kind=$([ "$kind" = apps ] && echo app || echo lib)
cat > "$root/project.json" <<JSON
{
  "name": "$name",
  "\$schema": "../../node_modules/nx/schemas/project-schema.json",
  "sourceRoot": "$root/src",
  "projectType": "$([ "$kind" = apps ] && echo application || echo library)",
  "tags": ["type:$type", "scope:$scope"],
  "targets": {
    "build": {
      "executor": "nx:run-commands",
      "outputs": ["{workspaceRoot}/dist/out-tsc/{projectRoot}"],
      "options": { "command": "tsc -p {projectRoot}/tsconfig.$tsconfig_kind.json" }
    },
    "test": {
      "executor": "nx:run-commands",
      "options": {
        "command": "mkdir -p dist/test-results && jest -c {projectRoot}/jest.config.js --passWithNoTests --json --outputFile=dist/test-results/{projectName}.json"
      }
    },
    "lint": {
      "executor": "nx:run-commands",
      "options": { "command": "eslint {projectRoot}" }
    },
    "typecheck": {
      "executor": "nx:run-commands",
      "options": { "command": "tsc -p {projectRoot}/tsconfig.json --noEmit" }
    }
  }
}
JSON
cat > "$root/tsconfig.json" <<JSON
{ "extends": "../../tsconfig.base.json", "compilerOptions": { "types": ["node", "jest"] }, "include": ["src/**/*.ts", "test/**/*.ts"] }
JSON
cat > "$root/tsconfig.$tsconfig_kind.json" <<JSON
{
  "extends": "../../tsconfig.base.json",
  "compilerOptions": { "outDir": "../../dist/out-tsc" },
  "include": ["src/**/*.ts"],
  "exclude": ["src/**/*.spec.ts"]
}
JSON
cat > "$root/jest.config.js" <<TS
module.exports = {
  displayName: '$name',
  preset: '../../jest.preset.js',
  rootDir: '.',
};
TS
[ -f "$root/src/index.ts" ] || [ "$kind" = apps ] || echo "export {};" > "$root/src/index.ts"
