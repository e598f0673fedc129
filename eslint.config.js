import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

export default ts.config(
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } }
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	{
		// TypeScript checks names itself (typescript-eslint recommends no-undef off)
		rules: {
			'no-undef': 'off',
			// yaku is served at the root with no `paths.base`: plain hrefs are correct (docs/decisions/004)
			'svelte/no-navigation-without-resolve': 'off'
		}
	},
	{
		// browser-side code inside page.evaluate() talks to the app's untyped test hook
		files: ['tests/e2e/**'],
		rules: { '@typescript-eslint/no-explicit-any': 'off' }
	},
	{
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }]
		}
	},
	{
		ignores: ['build/', '.svelte-kit/', 'node_modules/', 'data/', 'test-results/', 'playwright-report/']
	}
);
