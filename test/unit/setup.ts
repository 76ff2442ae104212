// Root hook: the PostgreSQL parser (WASM) loads once for the whole unit suite.
import { initParser } from '../../server/src/parse/parser';

export const mochaHooks = {
  async beforeAll(): Promise<void> {
    await initParser();
  },
};
