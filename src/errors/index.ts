export { ERROR_CATALOG, type ErrorCode, errorStatus } from './catalog.ts';
export { isTongbaoError, TongbaoError } from './tongbao-error.ts';
