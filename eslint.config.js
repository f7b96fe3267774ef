// Lint rules that hold the layering of ../shared/ARCHITECTURE.md: who may import whom.
import js from '@eslint/js';
import importPlugin from 'eslint-plugin-import';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import noImportCycle from './scripts/eslint/noImportCycle.js';

const cornerstone = { group: ['@cornerstonejs/*'], message: 'Only src/viewer imports Cornerstone.' };
const dicomLibraries = { group: ['dcmjs', 'dcmjs/*', 'dicom-parser'], message: 'Only src/dicom parses or writes DICOM.' };
const appCode = { group: ['**/src/*', '**/src/**', '../src/*', '../../src/*'], message: 'workers/ is pure: it imports nothing from src/.' };
const uiLibraries = { group: ['react', 'react-dom', 'react-dom/*'], message: 'workers/ is pure: no React.' };
// Direction (ARCHITECTURE.md rule 5). no-restricted-imports sees `import type` too (allowTypeImports is off):
// a type-only import is still an import.
const upToApp = { group: ['**/app/*', '**/app/**'], message: 'Nothing imports src/app, the composition root: pass what it builds down.' };
const upToUi = { group: ['**/ui/*', '**/ui/**'], message: 'Only src/ui and src/app import src/ui.' };
const uiToDicom = { group: ['**/dicom/*', '**/dicom/**'], message: 'src/ui sees parsed data only: study types are in src/state/studyModel, SR export and import come as the SrExchange service.' };

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'sample-data/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: { ...globals.browser, ...globals.node } } },
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { import: importPlugin },
    settings: {
      'import/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js'] } },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      'import/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    // import/no-cycle skips type-only imports; this one counts them (scripts/eslint/noImportCycle.js).
    files: ['**/*.{ts,tsx}'],
    plugins: { nadir: { rules: { 'no-import-cycle': noImportCycle } } },
    rules: { 'nadir/no-import-cycle': 'error' },
  },
  {
    files: ['workers/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [appCode, cornerstone, dicomLibraries, uiLibraries] }] },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/viewer/**', 'src/dicom/**', 'src/ui/**', 'src/app/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [cornerstone, dicomLibraries, upToApp, upToUi] }] },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [cornerstone, dicomLibraries, upToApp, uiToDicom] }] },
  },
  {
    files: ['src/app/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [cornerstone, dicomLibraries] }] },
  },
  {
    files: ['src/viewer/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [dicomLibraries, upToApp, upToUi] }] },
  },
  {
    files: ['src/dicom/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [cornerstone, upToApp, upToUi] }] },
  },
);
