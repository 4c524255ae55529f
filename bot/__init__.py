"""The Telegram edge: python-telegram-bot handlers over the coach, and how replies look there."""
