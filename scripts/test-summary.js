// Prints one plain closing line summing vitest and Playwright results: "N passed, N failed, N skipped".
import { readFileSync, existsSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
// vitest.json: the main vitest run; fuzz.json: the 30-second fuzz run per import parser (npm run fuzz)
for (const f of ['test-results/vitest.json', 'test-results/fuzz.json']) {
	if (!existsSync(f)) continue;
	const v = JSON.parse(readFileSync(f, 'utf8'));
	passed += v.numPassedTests ?? 0;
	failed += v.numFailedTests ?? 0;
	skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
}
if (existsSync('test-results/playwright.json')) {
	const p = JSON.parse(readFileSync('test-results/playwright.json', 'utf8'));
	const s = p.stats ?? {};
	passed += (s.expected ?? 0) + (s.flaky ?? 0);
	failed += s.unexpected ?? 0;
	skipped += s.skipped ?? 0;
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
