// worker_threads bootstrap for raster.helper.ts: registers tsx so TypeScript (and src/) can be imported.
import { register } from 'tsx/esm/api';
register();
await import('./raster.helper.ts');
