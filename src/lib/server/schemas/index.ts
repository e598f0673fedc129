export * from './common';
export * from './feature';
export * from './user';
export { validateGeometry, MAX_VERTICES, type GeometryErrorCode, type GeometryValidation } from './geometry';
