/**
 * Byte → text decoding with BOM handling, strict UTF-8 first and an explicit Windows-1252 fallback.
 */
import { ImportError } from './errors';

const utf8Fatal = new TextDecoder('utf-8', { fatal: true });

function hasUtf8Bom(b: Uint8Array): boolean {
	return b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
}

/** UTF-16 LE/BE by BOM. */
function utf16(b: Uint8Array): 'utf-16le' | 'utf-16be' | null {
	if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
	if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
	return null;
}

export interface Decoded {
	text: string;
	encoding: string;
	/** true when bytes were not valid UTF-8 and were read as Windows-1252. */
	fellBack: boolean;
}

/**
 * Decode text. `declared` (e.g. from an XML prolog or a .cpg) wins when it is a known label.
 * Without it: BOM → that encoding; else strict UTF-8; else Windows-1252 if `allowLatin1`, else an error.
 */
export function decodeText(
	bytes: Uint8Array,
	opts: { declared?: string; allowLatin1?: boolean } = {}
): Decoded {
	const u16 = utf16(bytes);
	if (u16) return { text: new TextDecoder(u16).decode(bytes.subarray(2)), encoding: u16, fellBack: false };
	const body = hasUtf8Bom(bytes) ? bytes.subarray(3) : bytes;
	const declared = opts.declared?.trim().toLowerCase();
	if (declared && !/^utf-?8$/.test(declared)) {
		try {
			return { text: new TextDecoder(declared).decode(body), encoding: declared, fellBack: false };
		} catch {
			// unknown label: fall through to detection
		}
	}
	try {
		return { text: utf8Fatal.decode(body), encoding: 'utf-8', fellBack: false };
	} catch {
		if (!opts.allowLatin1) throw new ImportError('IMPORT_TEXT_ENCODING');
		return { text: new TextDecoder('windows-1252').decode(body), encoding: 'windows-1252', fellBack: true };
	}
}

/** First non-blank characters of the text (after any BOM), for sniffing. Never throws. */
export function head(bytes: Uint8Array, n = 1024): string {
	const u16 = utf16(bytes);
	let slice: string;
	if (u16) slice = new TextDecoder(u16).decode(bytes.subarray(2, 2 + n * 2));
	else slice = new TextDecoder('utf-8').decode(bytes.subarray(hasUtf8Bom(bytes) ? 3 : 0, n));
	return slice.replace(/^[\s\0]+/, '');
}

/** Encoding label from a .cpg file content ('UTF-8', '1252', 'ANSI 1252', '65001', 'ISO-8859-1'…). */
export function cpgToLabel(cpg: string): string | null {
	const c = cpg.trim().toLowerCase();
	if (!c || c.length > 40) return null;
	if (/^(utf-?8|65001)$/.test(c)) return 'utf-8';
	const m = /^(?:ansi\s*|cp|windows-?)?(\d{3,4})$/.exec(c);
	if (m) {
		const n = m[1];
		if (n === '1252' || n === '1250' || n === '1251' || n === '1253' || n === '1254') return `windows-${n}`;
		if (n === '437' || n === '850' || n === '866') return `ibm${n}`;
		return null;
	}
	if (/^iso[-_ ]?8859[-_ ]?1$|^latin-?1$/.test(c)) return 'iso-8859-1';
	try {
		return new TextDecoder(c).encoding;
	} catch {
		return null;
	}
}
