import {
	AttributionControl,
	Map as MlMap,
	NavigationControl,
	Popup,
	ScaleControl,
	setWorkerUrl,
	type ExpressionSpecification,
	type FilterSpecification,
	type GeoJSONSource,
	type LngLatBoundsLike,
	type MapMouseEvent
} from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { ONLINE_BASEMAP, offlineStyle } from './style';
import { styleFor } from './layers';
import { buildPopupContent, type PopupText } from './popup';

export interface CameraView {
	lng: number;
	lat: number;
	zoom: number;
	bearing: number;
	pitch: number;
	/** When given (and no explicit view), the map opens fitted to these bounds: no second tiling pass. */
	bounds?: [number, number, number, number];
}

export interface FeatureHit {
	layerId: string;
	kind: string;
	featureId: string | number | undefined;
	properties: Record<string, unknown>;
}

export interface MapCallbacks {
	onMove?: (view: CameraView) => void;
	/** Return true when the page handled the click itself (no popup). */
	onFeatureClick?: (hit: FeatureHit) => boolean;
	/** A click anywhere on the map; return true when handled (no feature selection, no popup). */
	onMapClick?: (lngLat: { lng: number; lat: number }) => boolean;
	/** While true, map clicks are left to the drawing tool. */
	isDrawing?: () => boolean;
	onCursor?: (lngLat: { lng: number; lat: number } | null) => void;
	popupText?: () => PopupText;
}

type Bbox = [number, number, number, number];
type PaintProp = Parameters<MlMap['setPaintProperty']>[1];

let workerSet = false;

/** The only object that talks to maplibre-gl. Layers are GeoJSON sources named `src-<id>`, map layers `lyr-<id>-*`. */
export class MapController {
	readonly map: MlMap;
	private kinds = new Map<string, string>();
	private popup: Popup | null = null;

	constructor(
		container: HTMLElement,
		initial: CameraView,
		private cb: MapCallbacks = {}
	) {
		if (!workerSet) {
			setWorkerUrl(workerUrl);
			workerSet = true;
		}
		this.map = new MlMap({
			container,
			style: offlineStyle(),
			...(initial.bounds
				? { bounds: initial.bounds as LngLatBoundsLike, fitBoundsOptions: { padding: 40, maxZoom: 16 } }
				: { center: [initial.lng, initial.lat] as [number, number], zoom: initial.zoom }),
			bearing: initial.bearing,
			pitch: initial.pitch,
			attributionControl: false,
			maxZoom: 19,
			hash: false,
			canvasContextAttributes: { preserveDrawingBuffer: true }
		});
		// bottom controls stack upwards: the scale bar sits above the attribution
		this.map.addControl(new AttributionControl({ compact: false }), 'bottom-left');
		this.map.addControl(new ScaleControl({ maxWidth: 140, unit: 'metric' }), 'bottom-left');
		this.map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
		this.map.on('moveend', () => cb.onMove?.(this.view()));
		this.map.on('rotate', () => cb.onMove?.(this.view()));
		this.map.on('mousemove', (e: MapMouseEvent) => cb.onCursor?.(e.lngLat));
		this.map.on('click', (e) => this.handleClick(e));
	}

	view(): CameraView {
		const c = this.map.getCenter();
		return {
			lng: c.lng,
			lat: c.lat,
			zoom: this.map.getZoom(),
			bearing: this.map.getBearing(),
			pitch: this.map.getPitch()
		};
	}

	whenLoaded(): Promise<void> {
		if (this.map.loaded() || this.map.isStyleLoaded()) return Promise.resolve();
		return new Promise((resolve) => this.map.once('load', () => resolve()));
	}

	private layerIds(id: string): string[] {
		return (this.map.getStyle()?.layers ?? []).map((l) => l.id).filter((l) => l.startsWith(`lyr-${id}-`));
	}

	/** Adds a layer (data as a FeatureCollection object or URL) below `beforeId`'s layers if given. */
	addLayer(
		id: string,
		kind: string,
		data: GeoJSON.FeatureCollection,
		attribution?: string,
		promoteId?: string
	): void {
		const style = styleFor(kind);
		if (!style) return;
		const source = `src-${id}`;
		if (this.map.getSource(source)) {
			(this.map.getSource(source) as GeoJSONSource).setData(data);
			return;
		}
		this.map.addSource(source, { type: 'geojson', data, attribution, promoteId });
		for (const l of style.layers(source, `lyr-${id}-`)) this.map.addLayer(l);
		this.kinds.set(id, kind);
		for (const suffix of style.interactive) {
			const lid = `lyr-${id}-${suffix}`;
			this.map.on('mouseenter', lid, () => (this.map.getCanvas().style.cursor = 'pointer'));
			this.map.on('mouseleave', lid, () => (this.map.getCanvas().style.cursor = ''));
		}
	}

	setVisible(id: string, visible: boolean): void {
		for (const l of this.layerIds(id))
			this.map.setLayoutProperty(l, 'visibility', visible ? 'visible' : 'none');
	}

	setOpacity(id: string, opacity: number): void {
		const style = styleFor(this.kinds.get(id) ?? '');
		if (!style) return;
		for (const o of style.opacity) {
			const lid = `lyr-${id}-${o.suffix}`;
			if (!this.map.getLayer(lid)) continue;
			const value =
				typeof o.base === 'number' ? o.base * opacity : (['*', opacity, o.base] as ExpressionSpecification);
			this.map.setPaintProperty(lid, o.prop as PaintProp, value);
		}
	}

	/** Draw order: `ids` from bottom to top. */
	setOrder(ids: string[]): void {
		for (const id of ids) for (const l of this.layerIds(id)) this.map.moveLayer(l);
	}

	fitBounds(bbox: Bbox, animate = true): void {
		this.map.fitBounds(bbox as LngLatBoundsLike, { padding: 40, animate, maxZoom: 16 });
	}

	resetNorth(): void {
		this.map.easeTo({ bearing: 0, pitch: 0 });
	}

	setBasemap(on: boolean): void {
		const has = !!this.map.getSource(ONLINE_BASEMAP.id);
		if (on && !has) {
			this.map.addSource(ONLINE_BASEMAP.id, {
				type: 'raster',
				tiles: ONLINE_BASEMAP.tiles,
				tileSize: 256,
				attribution: ONLINE_BASEMAP.attribution,
				maxzoom: 19
			});
			this.map.addLayer(
				{ id: 'basemap-osm', type: 'raster', source: ONLINE_BASEMAP.id },
				this.firstDataLayer()
			);
		} else if (!on && has) {
			this.map.removeLayer('basemap-osm');
			this.map.removeSource(ONLINE_BASEMAP.id);
		}
	}

	private firstDataLayer(): string | undefined {
		return (this.map.getStyle()?.layers ?? []).find((l) => l.id.startsWith('lyr-'))?.id;
	}

	/** Number of rendered features of a layer in the current view (used by tests and the panel). */
	renderedCount(id: string): number {
		const layers = this.layerIds(id).filter((l) => this.map.getLayoutProperty(l, 'visibility') !== 'none');
		if (layers.length === 0) return 0;
		return this.map.queryRenderedFeatures({ layers }).length;
	}

	/** Highlight one feature of a layer (feature-state `selected`); null clears. */
	setSelected(id: string, featureId: string | number | null): void {
		const source = `src-${id}`;
		if (!this.map.getSource(source)) return;
		this.map.removeFeatureState({ source });
		if (featureId !== null) this.map.setFeatureState({ source, id: featureId }, { selected: true });
	}

	/** Hide some features of a layer (e.g. the one being edited with the drawing tool). */
	hideFeatures(id: string, featureIds: (string | number)[]): void {
		const style = styleFor(this.kinds.get(id) ?? '');
		if (!style) return;
		const base = new Map(
			style.layers(`src-${id}`, `lyr-${id}-`).map((l) => [l.id, 'filter' in l ? l.filter : undefined])
		);
		for (const lid of this.layerIds(id)) {
			const f = base.get(lid);
			const hide = featureIds.length
				? (['!', ['in', ['get', 'id'], ['literal', featureIds]]] as FilterSpecification)
				: undefined;
			const combined = f && hide ? (['all', f, hide] as FilterSpecification) : (hide ?? f ?? null);
			this.map.setFilter(lid, combined as FilterSpecification | null);
		}
	}

	bounds(): [number, number, number, number] {
		const b = this.map.getBounds();
		return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
	}

	private handleClick(e: MapMouseEvent): void {
		if (this.cb.isDrawing?.()) return;
		if (this.cb.onMapClick?.(e.lngLat)) return;
		const interactive: string[] = [];
		for (const [id, kind] of this.kinds) {
			for (const s of styleFor(kind)?.interactive ?? []) {
				const lid = `lyr-${id}-${s}`;
				if (this.map.getLayer(lid) && this.map.getLayoutProperty(lid, 'visibility') !== 'none')
					interactive.push(lid);
			}
		}
		const hits = this.map.queryRenderedFeatures(e.point, { layers: interactive });
		this.popup?.remove();
		this.popup = null;
		const top = hits[0];
		if (!top || !this.cb.popupText) return;
		const id = this.layerOf(top.layer.id);
		const kind = this.kinds.get(id) ?? id;
		const hit: FeatureHit = { layerId: id, kind, featureId: top.id, properties: top.properties ?? {} };
		if (this.cb.onFeatureClick?.(hit)) return;
		const content = buildPopupContent(
			kind,
			top.properties ?? {},
			this.cb.popupText(),
			styleFor(kind)?.labelProp
		);
		this.popup = new Popup({ maxWidth: '340px', className: 'yaku-popup', focusAfterOpen: false })
			.setLngLat(e.lngLat)
			.setDOMContent(content)
			.addTo(this.map);
	}

	private layerOf(mapLayerId: string): string {
		for (const id of this.kinds.keys()) if (mapLayerId.startsWith(`lyr-${id}-`)) return id;
		return mapLayerId;
	}

	closePopup(): void {
		this.popup?.remove();
		this.popup = null;
	}

	resize(): void {
		this.map.resize();
	}

	destroy(): void {
		this.map.remove();
	}
}
