#!/usr/bin/env bash
# The Dockerfile's two stages, run without Docker: CI (and this machine) has the
# Docker client but no engine, so `docker build` cannot run there. Each step
# below is the Dockerfile's, in the same order, on the same context:
#
#   .ci/image-steps.sh OUT_DIR
#
# leaves OUT_DIR/context (the build context, as .dockerignore filters it),
# OUT_DIR/build-stage and OUT_DIR/run-stage (what the image's /app would hold).
# With DATABASE_URL set (an empty database), it then starts the run stage's
# web command and worker as an unprivileged user, as the image's USER would,
# runs the image's HEALTHCHECK command until it passes, and stops both.
# tests/e2e/image-steps.test.ts runs it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: .ci/image-steps.sh OUT_DIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
# The unprivileged user must reach the run stage inside.
chmod 755 "$out"
context=$out/context build_stage=$out/build-stage run_stage=$out/run-stage
mkdir "$context" "$build_stage" "$run_stage"
# The Dockerfile's build stage sets no NODE_ENV (a caller's, e.g. vitest's "test", must not leak in).
unset NODE_ENV

echo "== context: the checkout less .dockerignore's paths"
excludes=()
while IFS= read -r line; do
  case $line in '' | '#'*) continue ;; esac
  excludes+=("--exclude=./$line")
done <"$root/.dockerignore"
tar -C "$root" "${excludes[@]}" -cf - . | tar -C "$context" -xf -

echo "== build stage: npm ci, npm run build"
cp -a "$context/." "$build_stage/"
(cd "$build_stage" && npm ci --no-audit --no-fund && npm run build)

echo "== run stage: npm ci --omit=dev, the code and the build"
cp "$context/package.json" "$context/package-lock.json" "$run_stage/"
# The Dockerfile also runs `npm cache clean --force`, for the image's size; here
# that would empty the machine's shared npm cache, so it is left out.
(cd "$run_stage" && npm ci --omit=dev --no-audit --no-fund)
cp -a "$context/tsconfig.json" "$context/app" "$context/db" "$context/templates" "$run_stage/"
cp -a "$build_stage/build" "$build_stage/public" "$run_stage/"
chmod -R go+rX,go-w "$run_stage"

echo "== run stage size (the image adds this to the node:20-bookworm-slim base)"
for part in node_modules build public app db templates .; do du -sh "$run_stage/$part"; done

[ -n "${DATABASE_URL:-}" ] || exit 0

echo "== start the web and the worker as an unprivileged user, the image's HEALTHCHECK"
# As root (CI, a container), drop to nobody as the image's `USER node` does;
# as any other user, that user already is unprivileged.
as_user=()
if [ "$(id -u)" = 0 ]; then as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups); fi
port=${PORT:-3000}
app_env=(
  env -i "PATH=$PATH" HOME=/nonexistent NODE_ENV=production "PORT=$port" HOST=127.0.0.1
  "DATABASE_URL=$DATABASE_URL" "SESSION_SECRET=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  "SMTP_URL=${SMTP_URL:-smtp://127.0.0.1:1}" LOG_LEVEL=warn WORKERS=0
)
cd "$run_stage"
"${as_user[@]}" "${app_env[@]}" node --import tsx app/cli/start.ts >"$out/web.log" 2>&1 &
web=$!
stop() { kill -TERM "$@" 2>/dev/null || true; }
trap 'stop $web ${worker:-}' EXIT

healthy=0
for _ in $(seq 1 120); do
  if ! kill -0 "$web" 2>/dev/null; then break; fi
  if PORT=$port node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"; then
    healthy=1
    break
  fi
  sleep 0.5
done
if [ "$healthy" != 1 ]; then
  echo "the web process did not pass the health check:"
  cat "$out/web.log"
  exit 1
fi
curl -fsS "http://127.0.0.1:$port/healthz"
echo

"${as_user[@]}" "${app_env[@]}" node --import tsx app/cli/worker.ts >"$out/worker.log" 2>&1 &
worker=$!
for _ in $(seq 1 120); do
  grep -q "queue worker is ready" "$out/worker.log" && break
  kill -0 "$worker" 2>/dev/null || break
  sleep 0.5
done
if ! grep -q "queue worker is ready" "$out/worker.log"; then
  echo "the worker did not start:"
  cat "$out/worker.log"
  exit 1
fi
echo "worker ready"

trap - EXIT
status=0
for pid in "$worker" "$web"; do
  kill -TERM "$pid"
  wait "$pid" || status=$?
done
[ "$status" = 0 ] || { echo "a process did not stop cleanly ($status)"; cat "$out/web.log" "$out/worker.log"; exit 1; }
echo "image steps passed"
