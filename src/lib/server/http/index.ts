export { ApiError, api, jsonError, toErrorResponse, type ApiErrorBody } from './errors';
export { readJson, maxBodyBytes, MAX_JSON_DEPTH } from './body';
export { RateLimiter, loginFailuresByIp, loginFailuresByUser, mutationsByIp } from './rate-limit';
export {
	SAFE_METHODS,
	bodyLimitHandle,
	mutationRateLimitHandle,
	originCheckHandle,
	requestIdHandle,
	securityHeadersHandle
} from './handles';
