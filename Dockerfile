# Reglament API image (gunicorn). The same image runs the worker: `reglament worker`.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY engine engine
COPY api api
COPY worker worker
COPY sandbox sandbox
COPY reglament reglament
RUN pip install --no-cache-dir .
COPY alembic.ini ./
COPY migrations migrations
COPY bpmn bpmn
COPY forms forms
RUN useradd --system --uid 10001 reglament && mkdir -p /app/var && chown reglament /app/var
USER reglament
EXPOSE 8000
CMD ["gunicorn", "--workers", "4", "--bind", "0.0.0.0:8000", "--access-logfile", "-", "api.wsgi:app"]
