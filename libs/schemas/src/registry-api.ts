/**
 * The few Confluent-compatible registry calls the codec's client library does
 * not cover: registering a top-level union (its validation wants a named
 * record), per-subject compatibility, and compatibility checks. Plain fetch
 * against the ccompat API (Apicurio serves it under /apis/ccompat/v7).
 */
import { SchemaRegistryError } from './errors';

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

export type Compatibility =
  | 'NONE'
  | 'BACKWARD'
  | 'BACKWARD_TRANSITIVE'
  | 'FORWARD'
  | 'FORWARD_TRANSITIVE'
  | 'FULL'
  | 'FULL_TRANSITIVE';

export interface CompatibilityResult {
  /** False when the subject has no versions yet (nothing to be compatible with). */
  checked: boolean;
  compatible: boolean;
  messages: string[];
}

export class RegistryApi {
  private readonly baseUrl: string;

  constructor(
    registryUrl: string,
    private readonly timeoutMs = 10_000,
  ) {
    this.baseUrl = registryUrl.replace(/\/+$/, '');
  }

  /** Performs a request; resolves to null on 404 (subject or version not found). */
  private async request<R>(method: string, path: string, body?: unknown): Promise<R | null> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { 'Content-Type': CONTENT_TYPE, Accept: CONTENT_TYPE },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new SchemaRegistryError(
        `schema registry ${method} ${path} failed: ${(error as Error).message}`,
        true,
        undefined,
        error,
      );
    }
    const text = await response.text();
    if (response.status === 404) return null;
    if (!response.ok) {
      let detail = text;
      try {
        const parsed = JSON.parse(text) as { message?: string };
        detail = parsed.message ?? text;
      } catch {
        // keep the raw text
      }
      throw new SchemaRegistryError(
        `schema registry ${method} ${path} answered ${response.status}: ${detail}`,
        response.status >= 500 || response.status === 429,
        response.status,
      );
    }
    return (text ? JSON.parse(text) : {}) as R;
  }

  private subjectPath(subject: string): string {
    return `/subjects/${encodeURIComponent(subject)}`;
  }

  async subjects(): Promise<string[]> {
    return (await this.request<string[]>('GET', '/subjects')) ?? [];
  }

  /** Registers `schema` (Avro JSON text) under `subject`; returns its global id. Idempotent. */
  async register(subject: string, schema: string): Promise<number> {
    const result = await this.request<{ id: number }>(
      'POST',
      `${this.subjectPath(subject)}/versions`,
      { schema },
    );
    if (!result)
      throw new SchemaRegistryError(`schema registry: cannot register ${subject}`, false, 404);
    return result.id;
  }

  /** The id under which `schema` is registered in `subject`, or null when it is not. */
  async lookup(subject: string, schema: string): Promise<number | null> {
    const result = await this.request<{ id: number }>('POST', this.subjectPath(subject), {
      schema,
    });
    return result ? result.id : null;
  }

  async latestVersion(
    subject: string,
  ): Promise<{ id: number; version: number; schema: string } | null> {
    return this.request('GET', `${this.subjectPath(subject)}/versions/latest`);
  }

  async setCompatibility(subject: string, compatibility: Compatibility): Promise<void> {
    await this.request('PUT', `/config/${encodeURIComponent(subject)}`, { compatibility });
  }

  async getCompatibility(subject: string): Promise<Compatibility | null> {
    const result = await this.request<{
      compatibilityLevel?: Compatibility;
      compatibility?: Compatibility;
    }>('GET', `/config/${encodeURIComponent(subject)}`);
    return result ? (result.compatibilityLevel ?? result.compatibility ?? null) : null;
  }

  /** Is `schema` compatible with the latest version of `subject` under the subject's rule? */
  async checkCompatibility(subject: string, schema: string): Promise<CompatibilityResult> {
    const result = await this.request<{ is_compatible: boolean; messages?: unknown }>(
      'POST',
      `/compatibility${this.subjectPath(subject)}/versions/latest?verbose=true`,
      { schema },
    );
    if (!result) return { checked: false, compatible: true, messages: [] };
    const messages = Array.isArray(result.messages) ? result.messages.map(String) : [];
    return { checked: true, compatible: result.is_compatible === true, messages };
  }

  async deleteSubject(subject: string): Promise<void> {
    await this.request('DELETE', this.subjectPath(subject));
    await this.request('DELETE', `${this.subjectPath(subject)}?permanent=true`);
  }
}
