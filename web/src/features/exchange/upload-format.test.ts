import { describe, expect, it } from 'vitest';
import { fileFormat } from './upload-format.js';

describe('fileFormat', () => {
  it('recognises a STIX bundle, with or without "type"', () => {
    expect(fileFormat({ type: 'bundle', id: 'bundle--1', objects: [] })).toBe('stix');
    expect(fileFormat({ id: 'bundle--1', objects: [{}] })).toBe('stix');
  });

  it('recognises MISP events in each of their three shapes', () => {
    expect(fileFormat({ Event: { info: 'x' } })).toBe('misp');
    expect(fileFormat([{ Event: {} }, { Event: {} }])).toBe('misp');
    expect(fileFormat({ response: [{ Event: {} }] })).toBe('misp');
  });

  it('refuses anything else', () => {
    expect(fileFormat([])).toBeNull();
    expect(fileFormat([{ Event: {} }, { other: 1 }])).toBeNull();
    expect(fileFormat({ name: 'x' })).toBeNull();
    expect(fileFormat('bundle')).toBeNull();
    expect(fileFormat(null)).toBeNull();
  });
});
