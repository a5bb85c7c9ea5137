# Sourced by the scripts in bin/: locations, config look-ups, the first-use build.
# shellcheck shell=bash disable=SC2034  # the variables are used by the scripts that source this

# WARDEN_HOME: the checkout (or unpacked distribution) this script belongs to, also when
# bin/ is reached through a symlink.
WARDEN_HOME=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
# Data root: node data dirs, logs and the build log live under it. Absolute, so the
# server (which reads WARDEN_DATA too) and these scripts always agree.
WARDEN_DATA=$(realpath -m -- "${WARDEN_DATA:-$WARDEN_HOME/data}")
export WARDEN_DATA

SERVER_JAR=$WARDEN_HOME/server/target/warden-server.jar
CLI_JAR=$WARDEN_HOME/cli/target/warden-cli.jar
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

die() { echo "${0##*/}: $*" >&2; exit 1; }

# prop FILE KEY -> the value of KEY in a .properties file (last one wins, as in Java);
# empty if absent. Handles "key=value", "key = value" and "key: value".
prop() {
  local key=${2//./\\.}
  sed -n "s/^[[:space:]]*${key}[[:space:]]*[=:][[:space:]]*//p" "$1" | tail -n 1 | sed 's/[[:space:]]*$//'
}

# node_dir CONF -> the node's data dir: warden.data.dir, relative to WARDEN_DATA unless
# absolute (the server resolves it the same way; default: the node id).
node_dir() {
  local dir
  dir=$(prop "$1" warden.data.dir)
  [[ -n $dir ]] || dir=$(prop "$1" warden.node.id)
  [[ $dir == /* ]] || dir=$WARDEN_DATA/$dir
  realpath -m -- "$dir"
}

# ensure_built JAR... : build the project (tests skipped) unless every JAR and the lib/
# folder beside it exist. Parallel callers take turns on a lock, so the build runs once.
ensure_built() {
  local jar missing=0 lock log=$WARDEN_DATA/build.log
  for jar; do [[ -f $jar && -d ${jar%/*}/lib ]] || missing=1; done
  ((missing)) || return 0
  command -v mvn >/dev/null || die "Maven (mvn) not found: install Maven 3.8+ to build Warden"
  mkdir -p "$WARDEN_DATA"
  exec {lock}>"$WARDEN_DATA/.build.lock"
  flock "$lock"
  missing=0
  for jar; do [[ -f $jar && -d ${jar%/*}/lib ]] || missing=1; done
  if ((missing)); then
    echo "building Warden (first use)… (log: $log)" >&2
    if ! (cd "$WARDEN_HOME" && mvn -B -q -DskipTests package) >"$log" 2>&1 </dev/null; then
      echo "${0##*/}: build failed; last lines of $log:" >&2
      tail -n 40 "$log" >&2
      exit 1
    fi
  fi
  exec {lock}>&-
}
