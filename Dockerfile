# Builds the single executable, then runs it alone as a non-root user with its data on /data.
FROM node:20-bookworm AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM debian:bookworm-slim
RUN useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin winnerr \
 && mkdir -p /data && chown winnerr:winnerr /data
COPY --from=build /src/dist/winnerr /usr/local/bin/winnerr
USER winnerr
ENV DATA_DIR=/data PORT=3000 HOST=0.0.0.0
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["winnerr", "healthcheck"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["winnerr"]
CMD ["serve"]
