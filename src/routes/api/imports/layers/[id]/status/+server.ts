import { api } from '$lib/server/http/errors';
import { setImportedLayerStatus } from '$lib/server/imports/http';

/** POST /api/imports/layers/:id/status {status} — publish / unpublish every feature (one audit row). */
export const POST = api(setImportedLayerStatus);
