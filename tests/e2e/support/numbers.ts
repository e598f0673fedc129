/** Parses a number as the UI prints it (es-PE: "1,234.56", optional unit or "S/"). */
export function parseNum(text: string): number {
	const m = /-?[\d,]+(\.\d+)?/.exec(text.replace(/\s/g, ''));
	if (!m) throw new Error(`no number in "${text}"`);
	return Number(m[0].replace(/,/g, ''));
}
