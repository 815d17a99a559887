# syntax=docker/dockerfile:1
# embedgate: multi-stage build, non-root runtime, models mountable at /models.

FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV ONNXRUNTIME_NODE_INSTALL=skip
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=11435 \
    EMBEDGATE_CACHE_DIR=/cache/embedgate \
    HF_HOME=/cache/huggingface
WORKDIR /app
RUN groupadd --system embedgate && useradd --system --gid embedgate --home /app embedgate \
    && mkdir -p /cache /models && chown embedgate:embedgate /cache /models
COPY --from=build --chown=embedgate:embedgate /app/node_modules ./node_modules
COPY --from=build --chown=embedgate:embedgate /app/dist ./dist
COPY --chown=embedgate:embedgate package.json ./
COPY --chown=embedgate:embedgate config ./config
USER embedgate
# Converted and downloaded models live here; mount a volume to keep them across restarts.
VOLUME ["/cache"]
# Local model folders: mount them at /models and point a catalog (MODELS_FILE) at /models/<name>.
EXPOSE 11435
HEALTHCHECK --interval=15s --timeout=3s --start-period=120s --retries=3 \
    CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||11435)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["node", "dist/main.js"]
CMD ["serve"]
