import { COMMANDS } from './commands';

export function usageText(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return [
    'usage: npm run admin -- <command> [arguments] [--json]',
    '       npx nx run admin:run -- <command> [arguments] [--json]',
    '',
    'commands:',
    ...COMMANDS.flatMap((command) => [
      `  ${command.name.padEnd(width)}  ${command.synopsis}`.trimEnd(),
      `  ${''.padEnd(width)}    ${command.summary}`,
    ]),
    '',
    'options:',
    '  --json     machine-readable output on stdout',
    '  --undo     group-types release: mark the type unreleased again',
    '  --reason <r> (repeatable), --limit <n>, --dry-run: dlq replay filters',
    '  --to <email>, --category <c> (repeatable), --trigger <t>, --frequency <minutes>, --name <n>: alerts add',
    '  -h, --help this text',
    '',
    'environment:',
    '  DATABASE_URL  default postgres://postgres@127.0.0.1:5432/issuestream (tenant migrations run first)',
    '  KAFKA_BROKERS default 127.0.0.1:9092 (dlq commands, user-reports update)',
    '  SCHEMA_REGISTRY_URL, OCCURRENCES_TOPIC, OUTCOMES_TOPIC  user-reports update: where feedback for shimmed reports goes',
    '  RELAY_PORT    port in printed DSNs, default 3000',
    '',
    'exit codes: 0 done, 2 the request was wrong (usage, unknown slug, invalid value), 1 anything else',
  ].join('\n');
}
