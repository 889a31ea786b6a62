# syntax=docker/dockerfile:1
# Schoolwatch as one container: the Node server (scripts/serve.mjs) over the
# built site. Three stages: production dependencies, the build, and the
# runtime, which gets only the first and the output of the second.
#
# The project pins node@24 as a devDependency (for machines whose Node is
# older). Here the official Node 24 image is the runtime, so the runtime
# stage never installs devDependencies: its Node is the base image's.
#
#   docker build -t schoolwatch .
#   docker compose up        # with Redis; see compose.yaml and docs/operations.md

ARG NODE_IMAGE=node:24-bookworm-slim

# Production dependencies only: what the server imports at run time.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# Everything, devDependencies included, to run `astro build`.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# SITE_URL is baked into canonical URLs, the sitemap and feeds at build time.
ARG SITE_URL=http://127.0.0.1:4321
RUN SITE_URL="$SITE_URL" npm run build

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4321 \
    SCHOOLWATCH_DATA_DIR=/data
WORKDIR /app
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --chown=root:root package.json ./
COPY --chown=root:root scripts/serve.mjs scripts/threadPool.mjs scripts/healthcheck.mjs scripts/cron.mjs ./scripts/
# The server script imports source files directly (Node 24 strips the types):
# all of src/, a few hundred KB, so that a new import never misses a file.
COPY --chown=root:root src ./src
# The code belongs to root and cannot be changed by the server; only /data is writable.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 4321
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["node", "scripts/healthcheck.mjs"]
CMD ["node", "scripts/serve.mjs"]
