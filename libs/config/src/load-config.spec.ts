import { z } from 'zod';
import { envBoolean, envCsv, envInt, envUrl } from './env-types';
import { ConfigError, loadConfig } from './load-config';

const schema = z.object({
  PORT: envInt(8080, { min: 1, max: 65535 }),
  BROKERS: envCsv('127.0.0.1:9092'),
  VERBOSE: envBoolean(false),
  REGISTRY: envUrl('http://127.0.0.1:8081'),
});

describe('loadConfig', () => {
  it('applies documented defaults', () => {
    expect(loadConfig(schema, {})).toEqual({
      PORT: 8080,
      BROKERS: ['127.0.0.1:9092'],
      VERBOSE: false,
      REGISTRY: 'http://127.0.0.1:8081',
    });
  });

  it('coerces provided values', () => {
    const config = loadConfig(schema, { PORT: '9000', BROKERS: 'a:1, b:2', VERBOSE: 'yes' });
    expect(config.PORT).toBe(9000);
    expect(config.BROKERS).toEqual(['a:1', 'b:2']);
    expect(config.VERBOSE).toBe(true);
  });

  it('names every bad variable and its value', () => {
    const attempt = () => loadConfig(schema, { PORT: 'eighty', VERBOSE: 'maybe', REGISTRY: 'nope' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as ConfigError).problems;
      expect(problems).toHaveLength(3);
      expect(problems[0]).toMatch(/^PORT: expected an integer .* \(got "eighty"\)$/);
      expect(problems.join('\n')).toMatch(/VERBOSE/);
      expect(problems.join('\n')).toMatch(/REGISTRY: expected a URL/);
    }
  });
});
