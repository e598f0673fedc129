/** Green-infrastructure interventions: types, parameters, measurement, validation, overlay, summaries. */
export * from './types';
export * from './params';
export * from './measure';
export * from './validateGeometry';
export * from './overlay';
export * from './summaries';
