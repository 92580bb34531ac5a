# llc-bot: the Discord bot with its answer engine. CPU only.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 \
    DATA_DIR=/data

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
RUN pip install --no-cache-dir .

RUN useradd --create-home llc && mkdir -p /data && chown llc /data
USER llc
VOLUME ["/data"]
# Build the vector index at image start-up once; it is cached in /data afterwards.
CMD ["python", "-m", "bot"]
