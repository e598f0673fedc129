export { AUDIT_ACTIONS, AUDIT_ACTION_LIST, type AuditAction } from './actions';
export { auditHash, GENESIS_HASH } from './chain';
export { auditContext } from './context';
