// Ids shaped like OpenAI's (prefix + random hex), so code that checks prefixes sees real-looking values.
import { randomBytes } from 'node:crypto';

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

export const newId = {
  request: () => `req_${hex(16)}`,
  response: () => `resp_${hex(24)}`,
  message: () => `msg_${hex(24)}`,
  functionCall: () => `fc_${hex(24)}`,
  callId: () => `call_${hex(12)}`,
  conversation: () => `conv_${hex(24)}`,
  file: () => `file-${hex(11)}`,
  chat: () => `chatcmpl-${hex(14)}`,
  codeInterpreterCall: () => `ci_${hex(24)}`,
  fileSearchCall: () => `fs_${hex(24)}`,
  container: () => `cntr_${hex(24)}`,
  containerFile: () => `cfile_${hex(16)}`,
  vectorStore: () => `vs_${hex(12)}`,
};

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);
