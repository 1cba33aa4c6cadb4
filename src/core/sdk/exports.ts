// What the extension uses of the openai SDK: the entry of its own bundle, dist/openai.js
// (esbuild.js), so that only these parts and what they need are shipped. Reached through ./sdk only.
export {
  OpenAI,
  toFile,
  APIError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from 'openai';
