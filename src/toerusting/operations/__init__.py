"""Running Toerusting in production: the server and worker commands, the scheduler of periodic work,
start-up checks, readiness and metrics."""
