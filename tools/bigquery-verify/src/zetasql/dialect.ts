/**
 * The GoogleSQL settings under which the reference analyzer behaves like BigQuery.
 */
import type { LocalService, Message } from './local-service.js';

/**
 * Language options for BigQuery: the external product mode (no PROTO, ENUM, INT32, … types), the
 * analyzer's maximum feature set plus the two it leaves out that BigQuery has (INTERVAL, which
 * TIMESTAMP − TIMESTAMP returns, and GROUPING SETS / ROLLUP / CUBE), QUALIFY as a reserved
 * keyword as in BigQuery, and every statement kind (the maximum set allows queries only).
 */
export async function bigQueryLanguageOptions(service: LocalService): Promise<Message> {
  const maximum = await service.call('GetLanguageOptions', { maximum_features: true });
  const features = new Set(maximum['enabled_language_features'] as string[]);
  features.add('FEATURE_INTERVAL_TYPE');
  features.add('FEATURE_V_1_4_GROUPING_SETS');
  return {
    ...maximum,
    product_mode: 'PRODUCT_EXTERNAL',
    enabled_language_features: [...features],
    supported_statement_kinds: [],
    reserved_keywords: ['QUALIFY'],
  };
}

/** Analyzer options: BigQuery's UTC default time zone and error messages with a caret. */
export function bigQueryAnalyzerOptions(
  languageOptions: Message,
  queryParameters: readonly { name: string; type: object }[] = [],
): Message {
  return {
    language_options: languageOptions,
    error_message_mode: 'ERROR_MESSAGE_MULTI_LINE_WITH_CARET',
    default_timezone: 'UTC',
    query_parameters: queryParameters.map(({ name, type }) => ({ name, type })),
  };
}
