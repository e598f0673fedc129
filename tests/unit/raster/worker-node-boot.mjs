// Node worker bootstrap: registers tsx so the TypeScript entry (and src/) can be imported.
import { register } from 'tsx/esm/api';
register();
await import('./worker-node-entry.ts');
