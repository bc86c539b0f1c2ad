export { outcomesClickHouseMigrations, OUTCOMES_MIGRATIONS_TABLE } from './outcome-migrations';
export { offsetWatermarks, writeOutcomes, type ConsumedOutcome, type OutcomeWriteResult } from './outcome-writer';
export { CATEGORY_NAMES, OUTCOME_NAMES, categoryName, outcomeName } from './outcome-codes';
export { parseStatsRequest, STATS_FIELDS, STATS_GROUP_BYS, type StatsField, type StatsGroupBy, type StatsQuery, type StatsRequest, type StatsRequestResult } from './stats-request';
export { queryOutcomeStats, type StatsGroup, type StatsResponse } from './outcome-stats';
