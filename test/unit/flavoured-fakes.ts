// One fake server per flavour and options, started on first use and reused across a suite's tests
// (reset before each use), closed after the suite: `const fakes = useFlavouredFakes();` in a describe.
import { startFakeOpenAI, type FakeOpenAI, type FakeOpenAIOptions, type Flavour } from '../fake-openai/server';

export interface FlavouredFakes {
  /** The fake playing `flavour` with `extra` options, reset. */
  get(flavour: Flavour, extra?: FakeOpenAIOptions): Promise<FakeOpenAI>;
  /** Every fake started so far. */
  all(): FakeOpenAI[];
}

export function useFlavouredFakes(): FlavouredFakes {
  const servers = new Map<string, FakeOpenAI>();
  after(async () => {
    await Promise.all([...servers.values()].map((f) => f.close()));
    servers.clear();
  });
  return {
    async get(flavour, extra = {}) {
      const key = `${flavour}:${JSON.stringify(extra)}`;
      let fake = servers.get(key);
      if (!fake) {
        fake = await startFakeOpenAI({ validate: true, flavour, ...extra });
        servers.set(key, fake);
      }
      fake.reset();
      return fake;
    },
    all: () => [...servers.values()],
  };
}
