// The code lint, run by `npm test` (lint:code): ESLint's and typescript-eslint's recommended rules,
// without type information (a type-aware run costs as much as tsc again, which `npm test` already
// runs). A rule is changed only with its reason beside it.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.vscode-test/', 'bench/.cache/', 'test/robustness/.cache/', '.scratch*/'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // `import x = require('m')` is TypeScript's typed CommonJS import: esbuild then bundles the
      // package's CommonJS build (see server/src/files.ts); plain `require()` calls stay forbidden.
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
      // `const { dropped: _, ...rest } = x` copies an object without one property, on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  // Build, benchmark, packaging and real-VS-Code test scripts run on Node.
  { files: ['**/*.mjs'], languageOptions: { globals: globals.node } },
);
