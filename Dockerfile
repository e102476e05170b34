# syntax=docker/dockerfile:1
# Multi-stage: build with dev dependencies, run with production dependencies only, as a non-root user.
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
ARG ONNXRUNTIME_NODE_INSTALL=skip
ENV ONNXRUNTIME_NODE_INSTALL=${ONNXRUNTIME_NODE_INSTALL}
COPY package.json package-lock.json .npmrc ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY prisma.config.ts tsconfig.json .swcrc ./
RUN npm ci --ignore-scripts && node scripts/prisma-generate.mjs
COPY src ./src
COPY web ./web
RUN npm rebuild && npm run build && npm run postinstall

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
ARG ONNXRUNTIME_NODE_INSTALL=skip
ENV ONNXRUNTIME_NODE_INSTALL=${ONNXRUNTIME_NODE_INSTALL}
COPY package.json package-lock.json .npmrc ./
# --omit=dev keeps the image small; onnxruntime-node's install script fetches the CUDA provider only
# when ONNXRUNTIME_NODE_INSTALL=cuda12 (the compose file's gpu profile).
RUN npm ci --omit=dev --ignore-scripts && npm rebuild onnxruntime-node @node-rs/argon2 && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/web/dist ./web/dist
COPY --from=build /app/models ./models
RUN useradd --system --uid 10001 --home /var/lib/anamnesis anamnesis \
  && mkdir -p /var/lib/anamnesis /var/lib/anamnesis-witness \
  && chown anamnesis /var/lib/anamnesis /var/lib/anamnesis-witness \
  && chmod 0700 /var/lib/anamnesis-witness
USER anamnesis
EXPOSE 3000 2575
CMD ["node", "--enable-source-maps", "dist/main.js"]
