/**
 * "Export PNG" of the print layout: the map's WebGL canvas (preserveDrawingBuffer) drawn onto a 2D canvas
 * with the title, date/author, legend, scale bar, north arrow and credits drawn as text and shapes.
 */
import type { LegendSwatch } from '$lib/map/layers/types';

export interface LegendEntry {
	label: string;
	swatch: LegendSwatch | null;
	/** Sub-entry (drawn indented). */
	sub?: boolean;
}

export interface PngParts {
	title: string;
	meta: string;
	map: HTMLCanvasElement;
	legendTitle: string;
	legend: LegendEntry[];
	scale: { px: number; label: string };
	bearing: number;
	credits: string[];
	/** CSS pixel → canvas pixel (the map canvas' own ratio). */
	ratio: number;
}

const FONT = "'Noto Sans', system-ui, sans-serif";

function swatch(ctx: CanvasRenderingContext2D, s: LegendSwatch, x: number, y: number, k: number): void {
	ctx.save();
	ctx.lineWidth = (s.width ?? 2) * k;
	ctx.strokeStyle = s.outline ?? s.color;
	ctx.fillStyle = s.color;
	if (s.dash) ctx.setLineDash([5 * k, 3 * k]);
	if (s.shape === 'fill') {
		ctx.globalAlpha = 0.75;
		ctx.fillRect(x, y, 24 * k, 14 * k);
		ctx.globalAlpha = 1;
		ctx.lineWidth = 1.5 * k;
		ctx.strokeRect(x, y, 24 * k, 14 * k);
	} else if (s.shape === 'line') {
		ctx.strokeStyle = s.color;
		ctx.beginPath();
		ctx.moveTo(x, y + 7 * k);
		ctx.lineTo(x + 24 * k, y + 7 * k);
		ctx.stroke();
	} else {
		ctx.beginPath();
		ctx.arc(x + 12 * k, y + 7 * k, 5 * k, 0, Math.PI * 2);
		ctx.fill();
		ctx.lineWidth = 1.5 * k;
		ctx.strokeStyle = s.outline ?? '#ffffff';
		ctx.stroke();
	}
	ctx.restore();
}

function wrap(ctx: CanvasRenderingContext2D, text: string, max: number): string[] {
	const words = text.split(/\s+/);
	const lines: string[] = [];
	let line = '';
	for (const w of words) {
		const t = line ? `${line} ${w}` : w;
		if (ctx.measureText(t).width > max && line) {
			lines.push(line);
			line = w;
		} else line = t;
	}
	if (line) lines.push(line);
	return lines;
}

export function composePng(p: PngParts): HTMLCanvasElement {
	const k = p.ratio;
	const pad = 16 * k;
	const headH = 64 * k;
	const c = document.createElement('canvas');
	const probe = c.getContext('2d')!;
	probe.font = `${12 * k}px ${FONT}`;
	const rowH = 20 * k;
	const legW =
		Math.max(
			probe.measureText(p.legendTitle).width,
			...p.legend.map((e) => probe.measureText(e.label).width + (e.sub ? 12 : 0) * k)
		) +
		44 * k;
	const legH = (p.legend.length + 1) * rowH + 12 * k;
	const mapW = p.map.width;
	const W = mapW + legW + 2 * pad;
	const creditLines = p.credits.flatMap((t) => wrap(probe, t, W - 2 * pad));
	const footH = (creditLines.length * 16 + 20) * k;
	c.width = W;
	c.height = headH + Math.max(p.map.height, legH + pad) + footH;
	const bodyH = c.height - headH - footH;
	const ctx = c.getContext('2d')!;
	ctx.fillStyle = '#ffffff';
	ctx.fillRect(0, 0, c.width, c.height);
	// header
	ctx.fillStyle = '#17202a';
	ctx.textBaseline = 'alphabetic';
	ctx.font = `700 ${24 * k}px ${FONT}`;
	ctx.fillText(p.title, pad, 32 * k, W - 2 * pad);
	ctx.font = `${13 * k}px ${FONT}`;
	ctx.fillStyle = '#56616d';
	ctx.fillText(p.meta, pad, 52 * k, W - 2 * pad);
	// map
	ctx.drawImage(p.map, 0, headH);
	ctx.strokeStyle = '#17202a';
	ctx.lineWidth = 1 * k;
	ctx.strokeRect(0.5, headH + 0.5, mapW - 1, p.map.height - 1);
	// north arrow (top-left of the map)
	ctx.save();
	ctx.translate(pad + 20 * k, headH + pad + 22 * k);
	ctx.rotate((-p.bearing * Math.PI) / 180);
	ctx.fillStyle = '#17202a';
	ctx.beginPath();
	ctx.moveTo(0, -18 * k);
	ctx.lineTo(8 * k, 6 * k);
	ctx.lineTo(0, 2 * k);
	ctx.lineTo(-8 * k, 6 * k);
	ctx.closePath();
	ctx.fill();
	ctx.font = `700 ${12 * k}px ${FONT}`;
	ctx.textAlign = 'center';
	ctx.fillText('N', 0, 20 * k);
	ctx.restore();
	// scale bar (bottom-left of the map)
	const sy = headH + p.map.height - pad - 8 * k;
	ctx.fillStyle = 'rgba(255,255,255,0.85)';
	ctx.fillRect(pad - 6 * k, sy - 22 * k, p.scale.px * k + 12 * k, 34 * k);
	ctx.fillStyle = '#17202a';
	ctx.fillRect(pad, sy, p.scale.px * k, 4 * k);
	ctx.fillRect(pad, sy - 6 * k, 1.5 * k, 10 * k);
	ctx.fillRect(pad + p.scale.px * k - 1.5 * k, sy - 6 * k, 1.5 * k, 10 * k);
	ctx.font = `${12 * k}px ${FONT}`;
	ctx.fillText(p.scale.label, pad, sy - 9 * k);
	// legend (right column)
	const lx = mapW + pad;
	const ly = headH;
	ctx.fillStyle = '#17202a';
	ctx.font = `700 ${13 * k}px ${FONT}`;
	ctx.fillText(p.legendTitle, lx + 8 * k, ly + 18 * k);
	ctx.font = `${12 * k}px ${FONT}`;
	p.legend.forEach((e, i) => {
		const y = ly + (i + 1) * rowH + 8 * k;
		const x = lx + 8 * k + (e.sub ? 12 * k : 0);
		if (e.swatch) swatch(ctx, e.swatch, x, y - 2 * k, k);
		ctx.fillStyle = '#17202a';
		ctx.font = `${e.swatch ? '' : '600 '}${12 * k}px ${FONT}`;
		ctx.fillText(e.label, x + (e.swatch ? 32 * k : 0), y + 10 * k);
	});
	// credits
	ctx.fillStyle = '#56616d';
	ctx.font = `${12 * k}px ${FONT}`;
	creditLines.forEach((t, i) => ctx.fillText(t, pad, headH + bodyH + (18 + i * 16) * k));
	return c;
}
