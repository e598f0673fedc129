import { api } from '$lib/server/http/errors';
import { abortRasterUpload, putRasterChunk } from '$lib/server/rasters/http';

/** PUT ?offset=N — one part of the image; DELETE — abandon the upload. */
export const PUT = api(putRasterChunk);
export const DELETE = api(abortRasterUpload);
