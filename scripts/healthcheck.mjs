// The container's health check: exit 0 when GET /api/health answers 200
// within 4 seconds (the store answers), else 1. A script rather than an
// inline `node -e`, so that no compose implementation has to quote it.
const port = process.env.PORT || 4321;
try {
  const response = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(4000) });
  process.exit(response.ok ? 0 : 1);
} catch {
  process.exit(1);
}
