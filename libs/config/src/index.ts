export { ConfigError, loadConfig } from './load-config';
export { envBoolean, envCsv, envInt, envUrl } from './env-types';
