import { api } from '$lib/server/http/errors';
import { deleteImportedLayer, getImportedLayer } from '$lib/server/imports/http';

/** GET /api/imports/layers/:id — FeatureCollection; DELETE — the whole imported layer (one audit row). */
export const GET = api(getImportedLayer);
export const DELETE = api(deleteImportedLayer);
