import type { Map as MlMap } from 'maplibre-gl';
import {
	TerraDraw,
	TerraDrawLineStringMode,
	TerraDrawPointMode,
	TerraDrawPolygonMode,
	TerraDrawSelectMode,
	type GeoJSONStoreFeatures
} from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import type { Geometry, Position } from 'geojson';

export type DrawKind = 'point' | 'line' | 'polygon';

/** terra-draw keeps 9 decimals (≈ 0.1 mm) and refuses more. */
const PRECISION = 1e9;
const round = (c: unknown): unknown =>
	Array.isArray(c)
		? typeof c[0] === 'number'
			? c.map((x: number) => Math.round(x * PRECISION) / PRECISION)
			: c.map(round)
		: c;
function roundGeometry<G extends Geometry>(g: G): G {
	return { ...g, coordinates: round((g as { coordinates?: unknown }).coordinates) } as G;
}
const MODE: Record<DrawKind, string> = { point: 'point', line: 'linestring', polygon: 'polygon' };

export interface DrawCallbacks {
	/** The sketch changed (vertex added, moved, deleted, undo…); null when nothing is drawn. */
	onChange: (geometry: Geometry | null) => void;
	/** The user finished the sketch (double click / closing the polygon). */
	onFinish: (geometry: Geometry) => void;
	onHistory?: (canUndo: boolean, canRedo: boolean) => void;
}

/** Layers whose vertices the sketch snaps to (besides the sketch's own). */
export interface SnapSource {
	mapLayers: () => string[];
	/** pixels */
	tolerance: number;
}

const STYLE = {
	polygonFillColor: '#ffd54f',
	polygonFillOpacity: 0.3,
	polygonOutlineColor: '#e65100',
	polygonOutlineWidth: 3,
	lineStringColor: '#e65100',
	lineStringWidth: 4,
	pointColor: '#e65100',
	pointWidth: 7,
	pointOutlineColor: '#ffffff',
	pointOutlineWidth: 2
} as const;

/**
 * terra-draw wiring (the only place that knows it): one sketch at a time — draw a point/line/polygon, then edit its
 * vertices, move it, undo/redo (Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y), snapping to the vertices of visible map features.
 */
export class DrawTool {
	private draw: TerraDraw;
	private sketchId: string | number | null = null;
	/** Edit history of the finished sketch: geometries after each completed edit (last = current). */
	private past: Geometry[] = [];
	private future: Geometry[] = [];
	private onKey = (e: KeyboardEvent) => this.handleKey(e);
	/** time of the last finish/clear: the clicks that end a sketch must not also select what lies beneath */
	private quietUntil = 0;
	private onPointerUp = () => setTimeout(() => this.commitIfChanged(), 0);

	/** After an edit of the finished sketch, push its geometry on the undo stack (if it changed). */
	private commitIfChanged(): void {
		if (this.sketchId === null || this.past.length === 0) return;
		const f = this.draw.getSnapshotFeature(this.sketchId);
		if (!f) return;
		const g = f.geometry as Geometry;
		if (JSON.stringify(g) === JSON.stringify(this.past[this.past.length - 1])) return;
		this.past.push(g);
		this.future = [];
		this.emitChange();
	}

	constructor(
		private map: MlMap,
		private cb: DrawCallbacks,
		snap?: SnapSource
	) {
		const toCustom = snap
			? (event: { containerX: number; containerY: number }) => this.snapTo(event, snap)
			: undefined;
		const snapping = { toCoordinate: true, toLine: false, ...(toCustom ? { toCustom } : {}) };
		this.draw = new TerraDraw({
			adapter: new TerraDrawMapLibreGLAdapter({ map, prefixId: 'yaku-draw' }),
			modes: [
				new TerraDrawPointMode({ editable: true, styles: { pointColor: STYLE.pointColor, pointWidth: 9 } }),
				new TerraDrawLineStringMode({
					snapping,
					editable: true,
					styles: { lineStringColor: STYLE.lineStringColor, lineStringWidth: STYLE.lineStringWidth }
				}),
				new TerraDrawPolygonMode({
					snapping,
					editable: true,
					styles: {
						fillColor: STYLE.polygonFillColor,
						fillOpacity: STYLE.polygonFillOpacity,
						outlineColor: STYLE.polygonOutlineColor,
						outlineWidth: STYLE.polygonOutlineWidth
					}
				}),
				new TerraDrawSelectMode({
					flags: {
						polygon: {
							feature: {
								draggable: true,
								coordinates: { midpoints: true, draggable: true, deletable: true, snappable: snapping }
							}
						},
						linestring: {
							feature: {
								draggable: true,
								coordinates: { midpoints: true, draggable: true, deletable: true, snappable: snapping }
							}
						},
						point: { feature: { draggable: true } }
					},
					styles: {
						selectedPolygonColor: STYLE.polygonFillColor,
						selectedPolygonOutlineColor: STYLE.polygonOutlineColor,
						selectedPolygonOutlineWidth: 3,
						selectedLineStringColor: STYLE.lineStringColor,
						selectedLineStringWidth: 4,
						selectionPointWidth: 6,
						selectionPointColor: '#ffffff',
						selectionPointOutlineColor: '#e65100',
						selectionPointOutlineWidth: 2,
						midPointColor: '#e65100',
						midPointWidth: 4
					}
				})
			]
		});
		this.draw.start();
		this.draw.on('change', () => this.emitChange());
		this.draw.on('finish', (id, context) => {
			const f = this.draw.getSnapshotFeature(id);
			if (!f) return;
			const g = f.geometry as Geometry;
			if (context.action === 'draw') {
				this.quietUntil = performance.now() + 500;
				this.sketchId = id;
				this.past = [g];
				this.future = [];
				this.cb.onFinish(g);
				// keep editing the finished sketch: vertices, midpoints, drag
				this.draw.setMode('select');
				this.draw.selectFeature(id);
			} else this.commitIfChanged();
			this.emitChange();
		});
		window.addEventListener('keydown', this.onKey);
		// a drag or vertex edit ends with the pointer going up: record the new shape once
		window.addEventListener('pointerup', this.onPointerUp);
	}

	private current(): GeoJSONStoreFeatures | undefined {
		const all = this.draw
			.getSnapshot()
			.filter((f) => !f.properties?.midPoint && !f.properties?.selectionPoint);
		if (this.sketchId !== null) {
			const f = all.find((x) => x.id === this.sketchId);
			if (f) return f;
		}
		return all.find((x) => ['Point', 'LineString', 'Polygon'].includes(x.geometry.type));
	}

	private emitChange(): void {
		const f = this.current();
		this.cb.onChange(f ? (f.geometry as Geometry) : null);
		this.cb.onHistory?.(this.canUndo(), this.canRedo());
	}

	/** Start a new sketch of this kind (clears the previous one). */
	start(kind: DrawKind): void {
		this.clear();
		this.draw.setMode(MODE[kind]);
	}

	/** Edit an existing geometry: it becomes the sketch, selected for vertex editing. */
	edit(geometry: Geometry): void {
		this.clear();
		const mode =
			geometry.type === 'Point' ? 'point' : geometry.type === 'LineString' ? 'linestring' : 'polygon';
		const id = crypto.randomUUID();
		geometry = roundGeometry(geometry);
		const res = this.draw.addFeatures([
			{ id, type: 'Feature', geometry, properties: { mode } } as unknown as GeoJSONStoreFeatures
		]);
		if (!res[0]?.valid) throw new Error(res[0]?.reason ?? 'geometría no editable');
		this.sketchId = id;
		this.past = [geometry];
		this.future = [];
		this.draw.setMode('select');
		this.draw.selectFeature(id);
		this.emitChange();
	}

	geometry(): Geometry | null {
		const f = this.current();
		return f ? (f.geometry as Geometry) : null;
	}

	isActive(): boolean {
		if (performance.now() < this.quietUntil) return true;
		const m = this.draw.getMode();
		return m !== 'static' && (m !== 'select' || this.sketchId !== null);
	}

	undo(): void {
		if (!this.canUndo()) return;
		this.future.push(this.past.pop()!);
		this.setSketch(this.past[this.past.length - 1]!);
	}

	redo(): void {
		const g = this.future.pop();
		if (!g) return;
		this.past.push(g);
		this.setSketch(g);
	}

	canUndo(): boolean {
		return this.sketchId !== null && this.past.length > 1;
	}

	canRedo(): boolean {
		return this.sketchId !== null && this.future.length > 0;
	}

	private setSketch(g: Geometry): void {
		const id = this.sketchId;
		if (id === null) return;
		this.draw.deselectFeature(id);
		this.draw.updateFeatureGeometry(id, g as GeoJSONStoreFeatures['geometry']);
		this.draw.selectFeature(id);
		this.emitChange();
	}

	/** Ctrl/⌘+Z undo, Ctrl+Shift+Z or Ctrl+Y redo — not while typing in a form field. */
	private handleKey(e: KeyboardEvent): void {
		if (this.sketchId === null || !(e.ctrlKey || e.metaKey)) return;
		const t = e.target as HTMLElement | null;
		if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) return;
		const k = e.key.toLowerCase();
		if (k === 'z' && !e.shiftKey) this.undo();
		else if ((k === 'z' && e.shiftKey) || k === 'y') this.redo();
		else return;
		e.preventDefault();
	}

	clear(): void {
		if (this.draw.getMode() !== 'static') this.quietUntil = performance.now() + 500;
		this.draw.setMode('static');
		this.draw.clear();
		this.sketchId = null;
		this.past = [];
		this.future = [];
		this.cb.onChange(null);
	}

	destroy(): void {
		window.removeEventListener('keydown', this.onKey);
		window.removeEventListener('pointerup', this.onPointerUp);
		try {
			this.draw.stop();
		} catch {
			/* map already removed */
		}
	}

	/** Nearest vertex of a visible map feature within the tolerance, in pixels. */
	private snapTo(event: { containerX: number; containerY: number }, snap: SnapSource): Position | undefined {
		const layers = snap.mapLayers().filter((l) => this.map.getLayer(l));
		if (layers.length === 0) return undefined;
		const t = snap.tolerance;
		const { containerX: x, containerY: y } = event;
		const feats = this.map.queryRenderedFeatures(
			[
				[x - t, y - t],
				[x + t, y + t]
			],
			{ layers }
		);
		let best: Position | undefined;
		let bestD = t * t;
		const visit = (p: Position) => {
			const s = this.map.project([p[0]!, p[1]!]);
			const d = (s.x - x) ** 2 + (s.y - y) ** 2;
			if (d <= bestD) {
				bestD = d;
				best = round([p[0]!, p[1]!]) as Position;
			}
		};
		const walk = (c: unknown): void => {
			if (!Array.isArray(c)) return;
			if (typeof c[0] === 'number') visit(c as Position);
			else for (const x of c) walk(x);
		};
		for (const f of feats) walk((f.geometry as { coordinates?: unknown }).coordinates);
		return best;
	}
}
