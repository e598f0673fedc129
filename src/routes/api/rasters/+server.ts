import { api } from '$lib/server/http/errors';
import { createRaster, listRasters } from '$lib/server/rasters/http';

/** GET /api/rasters — stored reference rasters (public); POST — create one from an upload (docs/import-export.md). */
export const GET = api(listRasters);
export const POST = api(createRaster);
