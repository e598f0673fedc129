import { api } from '$lib/server/http/errors';
import { startRasterUpload } from '$lib/server/rasters/http';

/** POST /api/rasters/uploads — start a chunked raster image upload (comite, admin). */
export const POST = api(startRasterUpload);
