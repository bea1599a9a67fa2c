// Lint: typescript-eslint's recommended rules, and eslint-plugin-regexp so no regex backtracks
// super-linearly on hostile input.
import tseslint from 'typescript-eslint';
import regexp from 'eslint-plugin-regexp';

export default tseslint.config(
  { ignores: ['dist/**', 'dist-*/**', 'node_modules/**', '**/*.gen.ts', 'corpus/**', 'coverage/**', 'bench/data/**'] },
  ...tseslint.configs.recommended,
  regexp.configs['flat/recommended'],
  {
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'regexp/use-ignore-case': 'off',
    },
  },
  {
    // moo matches every rule sticky (flag y) at the current offset, so a rule never moves
    // forward through the input: the "move" attack does not apply. Backtracking still does.
    files: ['src/formats/**/lexer.ts'],
    rules: { 'regexp/no-super-linear-move': 'off' },
  },
);
