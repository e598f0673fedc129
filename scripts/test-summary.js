// Prints one plain closing line summing vitest and Playwright results: "N passed, N failed, N skipped".
// Tests declared as a known gap (`it.fails`, title containing "brecha conocida": a goal of an issue that is
// measured but not met yet) pass while the gap exists; they are counted apart, never as passed.
import { readFileSync, existsSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
let knownGaps = 0;
// vitest.json: the main vitest run; fuzz.json: the 30-second fuzz run per import parser (npm run fuzz);
// vitest-pg.json: the server tests again on the throwaway PostGIS cluster
for (const f of ['test-results/vitest.json', 'test-results/fuzz.json', 'test-results/vitest-pg.json']) {
	const crashed = existsSync(f.replace(/\.json$/, '.exit'));
	if (!existsSync(f)) {
		if (crashed) {
			failed += 1;
			console.log(`${f}: missing — the run ended with an error before writing it`);
		}
		continue;
	}
	const v = JSON.parse(readFileSync(f, 'utf8'));
	const gaps = (v.testResults ?? [])
		.flatMap((r) => r.assertionResults ?? [])
		.filter((a) => a.status === 'passed' && /brecha conocida/i.test(a.fullName ?? a.title ?? '')).length;
	knownGaps += gaps;
	passed += (v.numPassedTests ?? 0) - gaps;
	failed += v.numFailedTests ?? 0;
	// the step exited non-zero although its JSON shows no failed test (e.g. a worker killed by out-of-memory,
	// which vitest reports as an unhandled error and a skipped test): count it as one failure
	if (crashed && !(v.numFailedTests > 0)) {
		failed += 1;
		console.log(`${f}: the run ended with an error outside any test (see the log above)`);
	}
	skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
}
if (existsSync('test-results/playwright.json')) {
	const p = JSON.parse(readFileSync('test-results/playwright.json', 'utf8'));
	const s = p.stats ?? {};
	passed += (s.expected ?? 0) + (s.flaky ?? 0);
	failed += s.unexpected ?? 0;
	skipped += s.skipped ?? 0;
}
console.log(
	`tests: ${passed} passed, ${failed} failed, ${skipped} skipped` +
		(knownGaps ? ` (+ ${knownGaps} known gaps, expected to fail: «brecha conocida»)` : '')
);
