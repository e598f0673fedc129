import { api } from '$lib/server/http/errors';
import { createImportedLayer, listImportedLayers } from '$lib/server/imports/http';

/** GET /api/imports/layers — imported layers; POST — a new one (docs/import-export.md). */
export const GET = api(listImportedLayers);
export const POST = api(createImportedLayer);
