/**
 * Guarded XML parsing for KML/GPX with @xmldom/xmldom (which does not expand DTD entities — we also
 * refuse any <!ENTITY, so billion-laughs/XXE never reach a parser), a linear nesting-depth pre-scan
 * (togeojson walks the tree recursively) and explicit parse-error checks (xmldom only logs them).
 */
import { DOMParser, type Document as XDocument } from '@xmldom/xmldom';
import type { ReadContext } from './context';
import { ImportError } from './errors';
import { decodeText } from './text';

/** Max element nesting depth (comments, CDATA, PIs skipped). Linear, stops early past `stopAt`. */
export function xmlDepth(text: string, stopAt: number): number {
	const re =
		/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<(\/?)[A-Za-z_][^>]*?(\/?)>/g;
	let depth = 0;
	let max = 0;
	for (let m = re.exec(text); m; m = re.exec(text)) {
		if (m[1] === undefined) continue;
		if (m[1] === '/') depth--;
		else if (m[2] !== '/') {
			depth++;
			if (depth > max) {
				max = depth;
				if (max > stopAt) return max;
			}
		}
	}
	return max;
}

export function xmlEncoding(bytes: Uint8Array): string | undefined {
	const prolog = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
	const m = /^\s*(?:\uFEFF|ï»¿)?<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(prolog);
	return m ? m[1] : undefined;
}

export function parseXml(bytes: Uint8Array, ctx: ReadContext): XDocument {
	const declared = xmlEncoding(bytes);
	const decoded = decodeText(bytes, declared ? { declared, allowLatin1: true } : { allowLatin1: true });
	if (decoded.fellBack) ctx.warn('IMPORT_TEXT_LATIN1');
	const text = decoded.text;
	if (/<!ENTITY/i.test(text)) throw new ImportError('IMPORT_XML_ENTITY');
	const depth = xmlDepth(text, ctx.limits.maxDepth);
	if (depth > ctx.limits.maxDepth) throw new ImportError('IMPORT_XML_TOO_DEEP', { max: ctx.limits.maxDepth });
	ctx.progress(0.15);
	const errors: string[] = [];
	const parser = new DOMParser({
		onError: (level: string, msg: string) => {
			if (level !== 'warning') errors.push(String(msg));
		}
	});
	let doc: XDocument;
	try {
		doc = parser.parseFromString(text, 'text/xml');
	} catch (e) {
		throw new ImportError('IMPORT_XML_SYNTAX', {
			detail: (e instanceof Error ? e.message : String(e)).split('\n')[0]?.slice(0, 160) ?? ''
		});
	}
	if (errors.length)
		throw new ImportError('IMPORT_XML_SYNTAX', {
			detail: (errors[0] ?? '').split('\n')[0]?.slice(0, 160) ?? ''
		});
	if (!doc.documentElement) throw new ImportError('IMPORT_XML_SYNTAX', { detail: 'sin elemento raíz' });
	ctx.progress(0.3);
	return doc;
}

/** Local name of the root element, lower-case. */
export function rootName(doc: XDocument): string {
	const r = doc.documentElement;
	return (r?.localName ?? r?.nodeName ?? '').toLowerCase();
}
