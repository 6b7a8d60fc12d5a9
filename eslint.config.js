import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

const pureCore = [
  'src/sim/**',
  'src/kubectl/**',
  'src/shell/**',
  'src/lessons/**',
  'src/share/**',
  'src/graph/**',
]

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'src/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['bin/**', 'scripts/**', 'e2e/**', 'src/cli/**', 'src/serve/**'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['src/ui/**', 'src/store/**', 'src/main.tsx'],
    languageOptions: { globals: globals.browser },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['src/ui/**/*.tsx', 'src/ui/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    // The simulated cluster must be deterministic: time and randomness come from the injected clock and rng.
    files: pureCore,
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'use the virtual clock' },
        { name: 'setInterval', message: 'use the virtual clock' },
        { name: 'performance', message: 'use the virtual clock' },
        { name: 'window', message: 'the core has no DOM' },
        { name: 'document', message: 'the core has no DOM' },
        { name: 'localStorage', message: 'the core has no DOM' },
        { name: 'fetch', message: 'the core has no network' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'use the seeded rng' },
        { object: 'Date', property: 'now', message: 'use the virtual clock' },
      ],
    },
  },
)
