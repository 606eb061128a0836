# syntax=docker/dockerfile:1
# Démarche's image, in two stages: one builds the app with the development
# dependencies, the other runs it with the production dependencies only.
# docs/deployment.md explains how to use it; .ci/image-steps.sh runs these same
# steps without Docker, and the test suite runs that script.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM ${NODE_IMAGE} AS run
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY tsconfig.json ./
COPY app ./app
COPY db ./db
COPY templates ./templates
COPY --from=build /app/build ./build
COPY --from=build /app/public ./public
# The code stays root's and read-only; the app writes nothing to its folder.
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Serves the build made above (`npm start` would rebuild, with tools the image lacks).
CMD ["node", "--import", "tsx", "app/cli/start.ts"]
