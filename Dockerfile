FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
# LibreOffice and a CJK font turn .docx forms into PDF with Chinese glyphs.
RUN apt-get update && apt-get install -y --no-install-recommends \
      libreoffice-writer-nogui fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml ./
COPY . .
RUN pip install --no-cache-dir .
RUN DJANGO_DEBUG=0 DJANGO_SECRET_KEY=build DATABASE_URL=postgres://build@localhost/build \
    REDIS_URL=redis://localhost CADRE_ID_ENCRYPTION_KEY=ZGVtby1vbmx5LWlkLWVuY3J5cHRpb24ta2V5LTMyYiE= \
    CADRE_ID_HASH_KEY=build python manage.py collectstatic --no-input
RUN useradd --create-home cadre && chown -R cadre /app
USER cadre
EXPOSE 8000
