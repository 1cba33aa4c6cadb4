// Files the code interpreter made: found only on the turn that made them, downloaded through the
// container route of the API (F10), named safely for saving.
import assert from 'node:assert/strict';
import { toFile } from 'openai';
import { createClient } from '../../src/core/client';
import { downloadGeneratedFile, findGeneratedFile, imageType, safeFileName } from '../../src/core/code-interpreter/generated-files';
import type { Turn } from '../../src/shared/turn';
import { startFakeOpenAI, type FakeOpenAI } from '../fake-openai/server';

const KEY = 'sk-test-generated';
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

const turn = (id: string, files: Array<{ fileId: string; filename: string; mimeType?: string }>): Turn => ({
  id, kind: 'ask', question: 'q', attachments: [], createdAt: 0, answer: '', status: 'completed',
  codeRuns: [{ id: `ci_${id}`, code: 'print(1)', status: 'done', files: files.map((f) => ({ containerId: 'cntr_1', ...f })) }],
});

describe('generated files (code interpreter output)', () => {
  let fake: FakeOpenAI;
  before(async () => {
    fake = await startFakeOpenAI({ validate: true, apiKeys: [KEY] });
  });
  after(() => fake.close());
  afterEach(() => assert.deepEqual(fake.violations, []));

  it('F10 only a file a turn of this thread made can be named by the panel', () => {
    const turns = [turn('t1', [{ fileId: 'cfile_a', filename: 'plot.png' }]), turn('t2', [{ fileId: 'cfile_b', filename: 'data.csv' }])];
    assert.equal(findGeneratedFile(turns, 't1', 'cfile_a')?.filename, 'plot.png');
    assert.equal(findGeneratedFile(turns, 't1', 'cfile_b'), undefined, 'another turn\'s file is not this turn\'s');
    assert.equal(findGeneratedFile(turns, 'tX', 'cfile_a'), undefined);
  });

  it('shows raster images only; SVG and other types are files to open or save', () => {
    assert.equal(imageType({ containerId: 'c', fileId: 'f', filename: 'plot.PNG' }), 'image/png');
    assert.equal(imageType({ containerId: 'c', fileId: 'f', filename: 'x', mimeType: 'image/jpeg' }), 'image/jpeg');
    assert.equal(imageType({ containerId: 'c', fileId: 'f', filename: 'logo.svg', mimeType: 'image/svg+xml' }), undefined);
    assert.equal(imageType({ containerId: 'c', fileId: 'f', filename: 'data.csv' }), undefined);
  });

  it('saves under the base name only, without separators or hidden characters', () => {
    assert.equal(safeFileName('../../.ssh/authorized_keys'), 'authorized_keys');
    assert.equal(safeFileName('C:\\Windows\\evil.bat'), 'evil.bat');
    assert.equal(safeFileName('report\u202Efdp.exe'), 'report_fdp.exe');
    assert.equal(safeFileName('...'), 'output');
    assert.equal(safeFileName('.bashrc'), 'bashrc');
  });

  it('F10 downloads the bytes through the container file content route', async () => {
    const client = createClient({ apiKey: KEY, baseUrl: fake.url });
    const container = await client.containers.create({ name: 'wa-test' });
    const uploaded = await client.containers.files.create(container.id, { file: await toFile(PNG, 'plot.png') });
    const bytes = await downloadGeneratedFile(client, { containerId: container.id, fileId: uploaded.id, filename: 'plot.png' });
    assert.deepEqual(Buffer.from(bytes), PNG);
    const hit = fake.requests.find((r) => r.method === 'GET' && r.path.endsWith('/content'));
    assert.equal(hit?.path, `/v1/containers/${container.id}/files/${uploaded.id}/content`);
  });
});
