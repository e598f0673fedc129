/**
 * Per-read state shared by the drivers: resolved limits, abort checks, progress and warnings.
 */
import { DEFAULT_LIMITS, type Issue, type Limits, type ReadOptions } from './types';
import { ImportError, issue, type ImportCode, type Params } from './errors';

export class ReadContext {
	readonly limits: Limits;
	readonly warnings: Issue[] = [];
	readonly name: string;
	private readonly signal: AbortSignal | undefined;
	private readonly onProgress: ((f: number) => void) | undefined;
	private lastProgress = -1;

	constructor(opts: ReadOptions) {
		this.limits = { ...DEFAULT_LIMITS, ...(opts.limits ?? {}) };
		this.signal = opts.signal;
		this.onProgress = opts.onProgress;
		this.name = opts.name;
	}

	checkAbort(): void {
		if (this.signal?.aborted) throw new ImportError('IMPORT_CANCELLED');
	}

	/** Report progress 0..1 (rate-limited to 1% steps) and check for cancellation. */
	progress(fraction: number): void {
		this.checkAbort();
		const f = Math.max(0, Math.min(1, fraction));
		if (this.onProgress && (f - this.lastProgress >= 0.01 || f === 1)) {
			this.lastProgress = f;
			this.onProgress(f);
		}
	}

	warn(code: ImportCode, params?: Params): void {
		this.warnings.push(issue(code, params));
	}

	checkSize(bytes: Uint8Array): void {
		if (bytes.length === 0) throw new ImportError('IMPORT_EMPTY_FILE');
		if (bytes.length > this.limits.maxBytes) {
			throw new ImportError('IMPORT_TOO_LARGE', { size: bytes.length, max: this.limits.maxBytes });
		}
	}
}

/** Base name without folders and extension: 'a/b/Zanjas.SHP' → 'Zanjas'. */
export function baseName(path: string): string {
	const file = path.split(/[\\/]/).pop() ?? path;
	const dot = file.lastIndexOf('.');
	return dot > 0 ? file.slice(0, dot) : file;
}

export function extensionOf(path: string): string {
	const file = (path.split(/[\\/]/).pop() ?? path).toLowerCase();
	if (file.endsWith('.shp.xml')) return '.shp.xml';
	const dot = file.lastIndexOf('.');
	return dot >= 0 ? file.slice(dot) : '';
}
