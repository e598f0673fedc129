/**
 * Durability: 30 SIGKILL cycles of the real server during a stream of writes; every acknowledged write is
 * present after restart, the database passes integrity_check and the audit hash chain is intact.
 */
import { expect, it } from 'vitest';
import { runDurability } from '../../scripts/bench/durability.lib';
import { requireBuild, tmpDataDir } from './helpers';

it('SIGKILL × 30 during writes → 0 acknowledged writes lost', async () => {
	requireBuild();
	const r = await runDurability({ dataDir: tmpDataDir('yaku-dur-'), cycles: 30 });
	console.log(
		`[durability] ${r.cycles} ciclos, ${r.ackedCreates} altas + ${r.ackedUpdates} ediciones confirmadas, ${r.msPerCycle} ms/ciclo`
	);
	expect(r.lost).toEqual([]);
	expect(r.ackedCreates).toBeGreaterThan(30);
	expect(r.integrity).toBe('ok');
	expect(r.auditChainOk).toBe(true);
}, 120_000);
