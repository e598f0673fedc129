/**
 * npm run bench:durability [-- --cycles 100] — SIGKILL the real server 100 times during a stream of writes;
 * report acknowledged writes lost (must be 0). Needs `npm run build`.
 */
import { parseArgs } from 'node:util';
import { tmpDataDir } from '../../tests/server/helpers';
import { runDurability } from './durability.lib';

const { values } = parseArgs({ options: { cycles: { type: 'string', default: '100' } } });
const cycles = Number(values.cycles);
console.log(`Durabilidad: ${cycles} ciclos de SIGKILL durante escrituras…`);
const r = await runDurability({ dataDir: tmpDataDir('yaku-bench-dur-'), cycles, log: console.log });
console.log(
	`Fecha: ${new Date().toISOString().slice(0, 10)} · ciclos: ${r.cycles} · altas confirmadas: ${r.ackedCreates} · ediciones confirmadas: ${r.ackedUpdates} · ` +
		`perdidas: ${r.lost.length} · integrity_check: ${r.integrity} · cadena de auditoría: ${r.auditChainOk ? 'íntegra' : 'ROTA'} · ` +
		`${(r.msTotal / 1000).toFixed(1)} s (${r.msPerCycle} ms/ciclo)`
);
for (const l of r.lost.slice(0, 20)) console.log('  ' + l);
process.exit(r.lost.length === 0 && r.integrity === 'ok' && r.auditChainOk ? 0 : 1);
