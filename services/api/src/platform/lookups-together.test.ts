import { LookupsTogether } from './lookups-together';

describe('lookups made together', () => {
  it('sends a lookup at once, and the ones asked for while it is in flight together in the next', async () => {
    const sent: string[][] = [];
    let finishFirst!: () => void;
    const firstDone = new Promise<void>((resolve) => (finishFirst = resolve));
    const lookups = new LookupsTogether<string, string>(async (keys) => {
      sent.push(keys);
      if (sent.length === 1) await firstDone;
      return new Map(keys.filter((key) => key !== 'unknown').map((key) => [key, key.toUpperCase()]));
    });
    const first = lookups.get('a');
    const later = ['b', 'c', 'b', 'unknown'].map((key) => lookups.get(key));
    expect(sent).toEqual([['a']]);
    finishFirst();
    expect(await first).toBe('A');
    expect(await Promise.all(later)).toEqual(['B', 'C', 'B', undefined]);
    expect(sent).toEqual([['a'], ['b', 'c', 'unknown']]);
  });

  it('fails the lookups of a batch whose query failed, and only those', async () => {
    let calls = 0;
    const lookups = new LookupsTogether<string, number>(async (keys) => {
      calls += 1;
      if (calls === 1) throw new Error('database unavailable');
      return new Map(keys.map((key) => [key, key.length]));
    });
    await expect(lookups.get('one')).rejects.toThrow('database unavailable');
    expect(await lookups.get('three')).toBe(5);
  });
});
