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
);
