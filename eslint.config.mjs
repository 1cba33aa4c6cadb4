// Lint rules, chiefly the layer boundaries: shared ← core ← host / webview.
import tseslint from 'typescript-eslint';

const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', '.vscode-test/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-debugger': 'error',
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    // The harness and build scripts are plain CommonJS run by Node.
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: restrict(['vscode', 'openai', 'openai/*', '**/core/**', '**/host/**', '**/webview/**', 'node:*'], 'src/shared holds plain types and pure functions only.'),
  },
  {
    files: ['src/core/**/*.ts'],
    rules: restrict(['vscode', '**/host/**', '**/webview/**'], 'src/core must not depend on VS Code, the host or the webview.'),
  },
  {
    files: ['src/webview/**/*.ts'],
    rules: restrict(['vscode', 'openai', 'openai/*', '**/core/**', '**/host/**', 'node:*'], 'The webview is a browser bundle: it talks to the host through src/shared/protocol only.'),
  },
  {
    files: ['src/host/**/*.ts'],
    rules: restrict(['**/webview/**'], 'The host reaches the webview through messages only.'),
  },
  {
    // The SDK loads on the first request, not at activation: its values are reached through
    // src/core/sdk/sdk.ts only; elsewhere it is imported for its types.
    files: ['src/core/**/*.ts', 'src/host/**/*.ts'],
    ignores: ['src/core/sdk/exports.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: 'openai', allowTypeImports: true, message: 'Use sdk() or isSdkError() from src/core/sdk/sdk.ts (the SDK loads on first use); import its types with `import type`.' }],
        patterns: [{ group: ['openai/*'], allowTypeImports: true, message: 'Import the SDK\'s types only; its values come from src/core/sdk/sdk.ts.' }],
      }],
    },
  },
);
