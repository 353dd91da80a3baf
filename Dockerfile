# hrbot: build with the Go toolchain, run on a slim Debian with the
# PostgreSQL server binaries so the embedded default works out of the box.
# Set DATABASE_URL to use an external PostgreSQL instead.
#
#   docker build -t hrbot .
#   docker run -p 8080:8080 -v hrbot-data:/var/lib/hrbot hrbot

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/hrbot ./cmd/hrbot

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-15 ca-certificates tzdata fonts-wqy-microhei \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --home-dir /var/lib/hrbot hrbot \
 && mkdir -p /var/lib/hrbot \
 && chown hrbot:hrbot /var/lib/hrbot
ENV PATH=/usr/lib/postgresql/15/bin:$PATH \
    HRBOT_DATA_DIR=/var/lib/hrbot \
    HRBOT_HTTP_ADDR=:8080
COPY --from=build /out/hrbot /usr/local/bin/hrbot
COPY examples /usr/share/hrbot/examples
USER hrbot
WORKDIR /var/lib/hrbot
VOLUME /var/lib/hrbot
EXPOSE 8080
ENTRYPOINT ["hrbot"]
CMD ["serve"]
