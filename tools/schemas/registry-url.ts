/** The local stack's Apicurio registry, Confluent-compatible API. */
export const DEFAULT_REGISTRY_URL = 'http://127.0.0.1:8081/apis/ccompat/v7';
