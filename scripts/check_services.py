"""Is a PostgreSQL or Redis server reachable? scripts/test.sh asks before the long test runs.

    python scripts/check_services.py postgres postgres://postgres@127.0.0.1:5432/trygg
    python scripts/check_services.py redis redis://127.0.0.1:6379/15
    python scripts/check_services.py redact postgres://user:secret@host/db   (prints the URL without password)

Exit status 0 when the server answers, 1 with the reason on stderr when it does not.
"""

import sys
from urllib.parse import urlsplit, urlunsplit

TIMEOUT_SECONDS = 5


def redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        parts = parts._replace(netloc=netloc)
    return urlunsplit(parts)


def postgres_reachable(url: str) -> None:
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    # The maintenance database, as Django's test runner uses: the named one may not exist yet.
    with psycopg.connect(
        host=config.get("HOST") or "127.0.0.1",
        port=int(config.get("PORT") or 5432),
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        dbname="postgres",
        connect_timeout=TIMEOUT_SECONDS,
    ) as connection:
        connection.execute("SELECT 1")


def redis_reachable(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=TIMEOUT_SECONDS, socket_timeout=TIMEOUT_SECONDS)
    try:
        client.ping()
    finally:
        client.close()


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[1] not in {"postgres", "redis", "redact"}:
        sys.stderr.write(__doc__)
        return 2
    kind, url = argv[1], argv[2]
    if kind == "redact":
        sys.stdout.write(redact(url) + "\n")
        return 0
    if not url:
        sys.stderr.write(f"No {kind} URL given.\n")
        return 1
    check = postgres_reachable if kind == "postgres" else redis_reachable
    try:
        check(url)
    except Exception as exc:  # any failure means "not reachable"; say why
        sys.stderr.write(f"{kind} at {redact(url)}: {exc.__class__.__name__}: {exc}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
