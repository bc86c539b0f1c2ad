import { filesUsingOwnPath, packageNameOf } from './bundle';

describe('packageNameOf', () => {
  it.each([
    ['chdb/connection', 'chdb'],
    ['@nestjs/core', '@nestjs/core'],
    ['@nestjs/microservices/server', '@nestjs/microservices'],
    ['pg', 'pg'],
  ])('%s → %s', (specifier, name) => expect(packageNameOf(specifier)).toBe(name));
});

describe('filesUsingOwnPath', () => {
  it('names the files that locate something from their own path, and only those', () => {
    const files = new Map([
      ['libs/a/src/sources.ts', "export const ROOT = path.resolve(__dirname, '../..');"],
      ['libs/b/src/esm.ts', 'const here = new URL(import.meta.url);'],
      ['libs/c/src/chdb.ts', "readFileSync(join(dataPath, 'status'), 'utf8');"],
      ['libs/d/src/names.ts', 'const my__dirname_like = 1;'],
    ]);
    expect(filesUsingOwnPath(files)).toEqual(['libs/a/src/sources.ts', 'libs/b/src/esm.ts']);
  });
});
