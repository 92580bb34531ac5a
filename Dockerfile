# llc-bot: the Discord bot with its answer engine. CPU only, in two stages:
# - builder: the model extra (torch, sentence-transformers) exports the encoder to ONNX and
#   builds the vector caches;
# - runtime: `pip install .` alone (onnxruntime, no torch) with the export copied in, so the
#   image is a fraction of the size and starts in a second.

FROM python:3.11-slim AS builder
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 \
    DATA_DIR=/data ENCODER_DIR=/opt/encoder
WORKDIR /app
# The CPU build of torch first: letting sentence-transformers choose pulls the CUDA build.
RUN pip install --no-cache-dir torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu
COPY pyproject.toml README.md alembic.ini ./
COPY knowledge knowledge
COPY embeddings embeddings
COPY moderation moderation
COPY community community
COPY storage storage
COPY bot bot
RUN pip install --no-cache-dir '.[model]'
# The encoder's export, then the vector index and topic caches it keys (they stay valid in
# the runtime stage: same export, same model id).
RUN llc-bot model export /opt/encoder && llc-bot index build

FROM python:3.11-slim AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 \
    DATA_DIR=/data ENCODER_DIR=/opt/encoder
WORKDIR /app
COPY pyproject.toml README.md alembic.ini ./
COPY knowledge knowledge
COPY embeddings embeddings
COPY moderation moderation
COPY community community
COPY storage storage
COPY bot bot
# The runtime only: no torch, no sentence-transformers.
RUN pip install --no-cache-dir .
COPY --from=builder /opt/encoder /opt/encoder
RUN useradd --create-home llc && mkdir -p /data && chown llc /data
# A new named volume starts with these caches; an older one has them rebuilt on first start.
COPY --from=builder --chown=llc /data /data
USER llc
VOLUME ["/data"]
CMD ["python", "-m", "bot"]
