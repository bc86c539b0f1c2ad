import { GroupCategory } from '../categories';
import { defineGroupType, type GroupType, type GroupTypeDeclaration } from '../group-type';
import { NotificationContextField } from '../notification-config';
import { PriorityLevel } from '../priority';

/**
 * Performance issues found in transactions and spans (ids 1xxx). All have
 * category PERFORMANCE and, unless a row says otherwise, LOW priority.
 * Retired ids that must never be reused: 1017 (duration regression).
 */
type Row = [typeId: number, slug: string, description: string, categoryV2: GroupCategory, extra?: Partial<GroupTypeDeclaration>];

/** Released detectors whose issues are only created once seen `ignoreLimit` times a day. */
const noisy = (ignoreLimit: number, released = true): Partial<GroupTypeDeclaration> => ({ noiseConfig: { ignoreLimit }, released });

/** Detectors that judge a whole regression window: they resolve and escalate themselves. */
const selfManaged: Partial<GroupTypeDeclaration> = { enableAutoResolve: false, enableEscalationDetection: false };

const { DB_QUERY, FRONTEND, MOBILE, HTTP_CLIENT, METRIC } = GroupCategory;

const ROWS: readonly Row[] = [
  [1001, 'performance_slow_db_query', 'Slow DB Query', DB_QUERY, noisy(100)],
  [1004, 'performance_render_blocking_asset_span', 'Large Render Blocking Asset', FRONTEND, noisy(3)],
  [1006, 'performance_n_plus_one_db_queries', 'N+1 Query', DB_QUERY, noisy(3)],
  [1007, 'performance_consecutive_db_queries', 'Consecutive DB Queries', DB_QUERY, noisy(15)],
  [1008, 'performance_file_io_main_thread', 'File IO on Main Thread', MOBILE, noisy(3)],
  [1009, 'performance_consecutive_http', 'Consecutive HTTP', HTTP_CLIENT, noisy(5)],
  [1010, 'performance_n_plus_one_api_calls', 'N+1 API Call', HTTP_CLIENT, noisy(3)],
  // Only its id is used (fingerprinting of MN+1 queries); the detector reports 1006.
  [1011, 'performance_m_n_plus_one_db_queries', 'MN+1 Query', DB_QUERY, noisy(3)],
  [1012, 'performance_uncompressed_assets', 'Uncompressed Asset', FRONTEND, noisy(100)],
  [1013, 'performance_db_main_thread', 'DB on Main Thread', MOBILE, noisy(3)],
  [1015, 'performance_large_http_payload', 'Large HTTP payload', HTTP_CLIENT, noisy(3)],
  [1016, 'performance_http_overhead', 'HTTP/1.1 Overhead', HTTP_CLIENT, noisy(20)],
  [1018, 'performance_p95_endpoint_regression', 'Endpoint Regression', METRIC, {
    ...selfManaged,
    released: true,
    defaultPriority: PriorityLevel.MEDIUM,
    notificationConfig: { context: [NotificationContextField.APPROX_START_TIME] },
  }],
  [1019, 'performance_streamed_spans_exp', 'Streamed Spans (Experimental)', METRIC, selfManaged],
  [1020, 'db_query_injection_vulnerability', 'Potential Database Query Injection Vulnerability', DB_QUERY, {
    ...selfManaged,
    noiseConfig: { ignoreLimit: 5 },
    defaultPriority: PriorityLevel.MEDIUM,
  }],
  [1021, 'query_injection_vulnerability', 'Potential Query Injection Vulnerability', DB_QUERY, {
    ...selfManaged,
    noiseConfig: { ignoreLimit: 10 },
    defaultPriority: PriorityLevel.MEDIUM,
  }],
  // Unreleased copies of 1006, 1010 and 1011 for trying detector changes.
  [1906, 'performance_n_plus_one_db_queries_experimental', 'N+1 Query (Experimental)', DB_QUERY, noisy(3, false)],
  [1910, 'performance_n_plus_one_api_calls_experimental', 'N+1 API Call (Experimental)', HTTP_CLIENT, noisy(3, false)],
  [1911, 'performance_m_n_plus_one_db_queries_experimental', 'MN+1 Query (Experimental)', DB_QUERY, noisy(3, false)],
];

export const PERFORMANCE_GROUP_TYPES: readonly GroupType[] = Object.freeze(
  ROWS.map(([typeId, slug, description, categoryV2, extra]) =>
    defineGroupType({
      typeId,
      slug,
      description,
      category: GroupCategory.PERFORMANCE,
      categoryV2,
      defaultPriority: PriorityLevel.LOW,
      ...extra,
    }),
  ),
);
