import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';

/** SYNTHETIC terrain made by a script (never shown as real): two 3" .hgt tiles either side of 72°W. */
export const DEMS = 'test-results/dems';

export function ensureSyntheticDems(): void {
	if (existsSync(`${DEMS}/SYNTHETIC_S14W072.hgt`)) return;
	mkdirSync(DEMS, { recursive: true });
	execFileSync('npx', ['tsx', 'scripts/make-synthetic-dems.ts', DEMS, '--size', '100'], { stdio: 'ignore' });
}
