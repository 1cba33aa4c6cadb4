// `npm run fake-openai`: the fake OpenAI server as a demo backend. Listens on 127.0.0.1:$PORT (a free port
// when unset), prints its base URL on a line of its own, answers every question with the demo markdown.
//   FAKE_OPENAI_VALIDATE=1  also check every body against the spec (violations: GET /__fake/violations)
//   FLAVOUR=ollama          impersonate another server (see flavours.ts): its chunks, errors and routes;
//                           the demo answer comes back on /v1/chat/completions for any model it serves
//   MODELS=a,b              the models it serves (default: the flavour's own list)
import { FLAVOURS } from './flavours';
import { type Flavour, startFakeOpenAI } from './server';

async function main(): Promise<void> {
  const port = process.env.PORT ? Number(process.env.PORT) : 0;
  const flavour = (process.env.FLAVOUR || 'openai') as Flavour;
  if (!FLAVOURS.includes(flavour)) throw new Error(`FLAVOUR must be one of ${FLAVOURS.join(', ')}; got '${flavour}'`);
  const models = process.env.MODELS ? process.env.MODELS.split(',').map((m) => m.trim()).filter(Boolean) : undefined;
  const fake = await startFakeOpenAI({ port, flavour, models, validate: process.env.FAKE_OPENAI_VALIDATE === '1' });
  // Drivers read this line to find the server: the URL and nothing else.
  process.stdout.write(`${fake.url}\n`);
  process.stderr.write(`fake-openai: demo backend ready as ${flavour} (any API key works); Ctrl+C stops it.\n`);
  const stop = (): void => {
    fake.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`fake-openai: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
