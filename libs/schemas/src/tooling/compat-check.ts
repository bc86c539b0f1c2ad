/**
 * The checks behind `nx run schemas:check-compat`: every schema in schemas/
 * must be BACKWARD compatible with its last committed version (git, always
 * available) and with the latest version in the registry (when one is given).
 */
import type { AvroSchema } from '../avro-schema';
import { backwardIncompatibility } from '../compat';
import type { RegistryApi } from '../registry-api';
import { gitShowSchema, SchemaSources } from './sources';

export interface CompatFinding {
  topic: string;
  file: string;
  against: 'git' | 'registry';
  /** False when there was nothing to compare with (new file or subject). */
  checked: boolean;
  compatible: boolean;
  message: string;
}

export function checkAgainstGit(sources: SchemaSources, revision = 'HEAD'): CompatFinding[] {
  return Object.entries(sources.topicsFile.topics).map(([topic, { schema: file }]) => {
    const next = sources.schemas.get(file);
    if (next === undefined) throw new Error(`schemas/${file} was not loaded`);
    const committed = gitShowSchema(file, revision);
    if (committed === null) {
      return {
        topic,
        file,
        against: 'git',
        checked: false,
        compatible: true,
        message: `not in ${revision}`,
      };
    }
    let previous: AvroSchema;
    try {
      previous = JSON.parse(committed) as AvroSchema;
    } catch {
      return {
        topic,
        file,
        against: 'git',
        checked: false,
        compatible: true,
        message: `unparsable in ${revision}`,
      };
    }
    const problem = backwardIncompatibility(next, previous);
    return {
      topic,
      file,
      against: 'git',
      checked: true,
      compatible: problem === null,
      message: problem ?? `backward compatible with ${revision}`,
    };
  });
}

export async function checkAgainstRegistry(
  sources: SchemaSources,
  api: RegistryApi,
): Promise<CompatFinding[]> {
  const findings: CompatFinding[] = [];
  for (const [topic, { schema: file }] of Object.entries(sources.topicsFile.topics)) {
    const subject = `${topic}-value`;
    const schema = JSON.stringify(sources.schemas.get(file));
    const result = await api.checkCompatibility(subject, schema);
    findings.push({
      topic,
      file,
      against: 'registry',
      checked: result.checked,
      compatible: result.compatible,
      message: !result.checked
        ? `${subject} has no registered version`
        : result.compatible
          ? `compatible with the latest version of ${subject}`
          : `incompatible with the latest version of ${subject}${result.messages.length ? `: ${result.messages.join('; ')}` : ''}`,
    });
  }
  return findings;
}
