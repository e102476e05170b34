# syntax=docker/dockerfile:1
# Multi-stage: build with every dependency, run with production dependencies only, as a non-root user.
# The runtime image carries no build-only package (GloVe source vectors, Prisma CLI, TypeScript, Vite)
# and no embedded PostgreSQL: it talks to DATABASE_URL.
ARG NODE_IMAGE=node:24-bookworm-slim

# Build: app (dist/), web client (web/dist/), Prisma client and the default embedding model (models/).
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY prisma.config.ts tsconfig.json .swcrc nest-cli.json ./
COPY src ./src
COPY web ./web
# package.json "allowScripts" decides which dependency install scripts run; the project's postinstall
# generates the Prisma client, then builds dist/ (nest build), web/dist/ and models/.
RUN npm ci --strict-allow-scripts

# Production dependencies, trimmed to what dist/main.js loads (scripts/prune-runtime.mjs).
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ARG ONNXRUNTIME_NODE_INSTALL=skip
COPY package.json package-lock.json .npmrc ./
COPY scripts/prune-runtime.mjs ./scripts/
# No install script is needed at run time; the GPU build installs onnxruntime-node's CUDA 12
# provider explicitly (npm never runs that package's script, see allowScripts).
RUN npm ci --omit=dev --ignore-scripts \
  && node scripts/prune-runtime.mjs \
  && if [ "$ONNXRUNTIME_NODE_INSTALL" != skip ]; then \
       ONNXRUNTIME_NODE_INSTALL="$ONNXRUNTIME_NODE_INSTALL" node node_modules/onnxruntime-node/script/install.js; \
     fi \
  && npm cache clean --force

# The PDF export's font (PDF_FONT_FILE): Noto Sans CJK covers Latin and Chinese. Only the one
# 19 MB face is copied, not the 89 MB package.
FROM ${NODE_IMAGE} AS fonts
RUN apt-get update \
  && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends fonts-noto-cjk \
  && rm -rf /var/lib/apt/lists/*

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/web/dist ./web/dist
COPY --from=build /app/models ./models
COPY --from=fonts /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc /usr/share/fonts/opentype/noto/
RUN useradd --system --uid 10001 --home /var/lib/anamnesis anamnesis \
  && mkdir -p /var/lib/anamnesis /var/lib/anamnesis-witness \
  && chown anamnesis /var/lib/anamnesis /var/lib/anamnesis-witness \
  && chmod 0700 /var/lib/anamnesis-witness
USER anamnesis
EXPOSE 3000 2575
CMD ["node", "--enable-source-maps", "dist/main.js"]
