// `npm run fake-openai`: the fake OpenAI server as a demo backend. Listens on 127.0.0.1:$PORT (a free port
// when unset), prints its base URL on a line of its own, answers every question with the demo markdown.
//   FAKE_OPENAI_VALIDATE=1  also check every body against the spec (violations: GET /__fake/violations)
import { startFakeOpenAI } from './server';

async function main(): Promise<void> {
  const port = process.env.PORT ? Number(process.env.PORT) : 0;
  const fake = await startFakeOpenAI({ port, validate: process.env.FAKE_OPENAI_VALIDATE === '1' });
  // Drivers read this line to find the server: the URL and nothing else.
  process.stdout.write(`${fake.url}\n`);
  process.stderr.write('fake-openai: demo backend ready (any API key works); Ctrl+C stops it.\n');
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
