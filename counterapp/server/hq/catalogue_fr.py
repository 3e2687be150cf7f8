"""French for head office's pages (``i18n``), keyed by the English text."""

MESSAGES: dict[str, str] = {}
