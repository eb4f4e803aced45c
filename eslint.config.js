import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'cdktf.out/**',
      '.local/**',
      'dbt/target/**',
      'dbt/dbt_packages/**',
      'functions/udf/dist/**',
      'composer/**',
      'test-artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Contract checks look for control characters on purpose.
      'no-control-regex': 'off',
    },
  },
  {
    // The validation core is bundled into the Dataflow UDF, which runs on Nashorn (ES5 built-ins
    // plus Map/Set). Syntax is lowered to ES5 by the UDF build; built-ins cannot be, so ban them.
    files: ['contract/src/validation/**/*.ts', 'functions/udf/transform.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['hasOwn', 'assign', 'entries', 'values', 'fromEntries'].map((property) => ({
          object: 'Object',
          property,
        })),
        ...['isInteger', 'isSafeInteger', 'isFinite', 'isNaN'].map((property) => ({
          object: 'Number',
          property,
        })),
        ...['from', 'of'].map((property) => ({ object: 'Array', property })),
        ...['sign', 'trunc', 'imul', 'log10', 'hypot'].map((property) => ({
          object: 'Math',
          property,
        })),
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression[callee.property.name=/^(startsWith|endsWith|includes|padStart|padEnd|repeat|find|findIndex|findLast|fill|flat|flatMap|codePointAt|at|replaceAll|trimStart|trimEnd)$/]',
          message: 'Not an ES5 built-in: the Dataflow UDF engine lacks it.',
        },
        {
          selector: 'ForOfStatement',
          message: 'for..of over non-arrays is lost when lowered to ES5.',
        },
        { selector: 'SpreadElement', message: 'Spread needs ES2015 iteration helpers in the UDF.' },
        { selector: "BinaryExpression[operator='**']", message: 'Use Math.pow in the UDF core.' },
        {
          selector: 'ClassDeclaration',
          message: 'Keep the UDF core to functions and plain objects.',
        },
        {
          selector: ':function[async=true], :function[generator=true]',
          message: 'No async or generators in the UDF core.',
        },
        {
          selector: 'NewExpression[callee.name=/^(Promise|Proxy|WeakRef|Symbol)$/]',
          message: 'Not available in the UDF engine.',
        },
        {
          selector:
            'Identifier[name=/^(Reflect|Symbol|Promise|Proxy|globalThis|structuredClone)$/]',
          message: 'Not available in the UDF engine.',
        },
      ],
    },
  },
  {
    files: ['**/test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
