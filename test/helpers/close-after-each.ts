/** The servers a test file starts, closed after each test (passed or failed) so none outlives its test. */
import { afterEach } from 'vitest';

type Closable = { close: () => Promise<void> };

/**
 * Registers the file's afterEach and returns `keep`: `keep(await startX())` is the server, closed
 * after the test that started it (last started, first closed).
 */
export function closeAfterEach(): <T extends Closable>(server: T) => T {
  const open: Closable[] = [];
  afterEach(async () => {
    for (const server of open.splice(0).reverse()) await server.close();
  });
  return (server) => {
    open.push(server);
    return server;
  };
}
