// Builds a geodata folder with one corrupt and one missing layer, for the "bad geodata" e2e server.
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';

const dir = process.argv[2] ?? 'test-results/bad-geodata';
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
cpSync('geodata', dir, { recursive: true });
writeFileSync(`${dir}/laguna.geojson`, '{"type":"FeatureCollection","features":[{"type":"Feature","geom');
rmSync(`${dir}/quebradas.geojson`);
