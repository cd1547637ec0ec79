# Source this file (`. .ci/use-node.sh`) to run on the Node major that .nvmrc names.
# When the machine's Node is older, it installs that Node from the npm registry's `node` package
# into a cache outside the repository (once per machine) and puts it first on PATH; npm and npx
# then run on it too, since their launchers start `node` from PATH.
# shellcheck shell=bash

workbench_use_node() {
  local root wanted current dir
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  wanted=$(tr -dc '0-9' < "$root/.nvmrc")
  current=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "$current" -ge "$wanted" ]; then
    return 0
  fi
  dir="${WORKBENCH_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/workbench}/node-$wanted"
  if [ ! -x "$dir/node_modules/.bin/node" ]; then
    echo "Node $current is older than the Node $wanted this repository needs (.nvmrc): installing node@$wanted into $dir" >&2
    npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error "node@$wanted" >&2 || {
      echo "Could not install node@$wanted. Install Node $wanted yourself (nvm install $wanted) and run again." >&2
      return 1
    }
  fi
  export PATH="$dir/node_modules/.bin:$PATH"
  echo "Using Node $(node --version) from $dir" >&2
}

workbench_use_node
