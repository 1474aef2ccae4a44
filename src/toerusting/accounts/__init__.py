"""Identity only: user accounts, logging in and out, login rate limiting."""
