import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import layering from './scripts/eslint-layering-rule.js';
import ortSeam from './scripts/eslint-ort-seam-rule.js';

export default tseslint.config(
  {
    ignores: ['dist/**', 'test-results/**', 'node_modules/**', 'main/engine/onnx/generated/**', '.parity/**', 'release/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { parity: { rules: { layering, 'ort-seam': ortSeam } } },
    rules: {
      'parity/layering': 'error',
      'parity/ort-seam': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['scripts/**/*.js', 'bin/**/*.js', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
);
