import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from './node-config.ts';

function base(): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify({
      currencies: [{ code: 'CNY', minor_units: 2 }],
      wallet_limits: {
        personal: {
          1: {},
          2: {},
          3: {},
          4: {
            balance_cap: '10000.00',
            single_payment: '2000.00',
            daily_total: '5000.00',
            annual_total: '50000.00',
          },
        },
      },
    }),
  );
}

describe('node configuration', () => {
  test('the shipped defaults carry the published category 4 and 2 figures', () => {
    const config = loadConfig();
    expect(config.wallet_limits.personal[4]).toEqual({
      balance_cap: 1_000_000,
      single_payment: 200_000,
      daily_total: 500_000,
      annual_total: 5_000_000,
    });
    expect(config.wallet_limits.personal[2]).toEqual({
      balance_cap: 50_000_000,
      single_payment: 5_000_000,
      daily_total: 10_000_000,
      annual_total: Number.POSITIVE_INFINITY,
    });
    expect(config.timezone_offset_minutes).toBe(480);
    expect(config.currencies[0]).toEqual({ code: 'CNY', minor_units: 2 });
  });

  test('null and missing limits mean no limit', () => {
    const config = parseConfig(base());
    expect(config.wallet_limits.personal[1].balance_cap).toBe(Number.POSITIVE_INFINITY);
    expect(config.wallet_limits.corporate.daily_total).toBe(Number.POSITIVE_INFINITY);
  });

  test('mistakes name the path at fault', () => {
    // biome-ignore lint/suspicious/noExplicitAny: the cases reach into an untyped JSON document on purpose
    const cases: Array<[(c: Record<string, any>) => void, RegExp]> = [
      [
        (c) => {
          c.currencies = [];
        },
        /config.currencies/,
      ],
      [
        (c) => {
          c.currencies = [{ code: 'cny', minor_units: 2 }];
        },
        /currencies\[0\].code/,
      ],
      [
        (c) => {
          c.currencies = [{ code: 'CNY', minor_units: 9 }];
        },
        /minor_units/,
      ],
      [
        (c) => {
          c.currencies.push({ code: 'CNY', minor_units: 2 });
        },
        /twice/,
      ],
      [
        (c) => {
          c.wallet_limits.personal[4].daily_total = '5000.001';
        },
        /personal.4.daily_total/,
      ],
      [
        (c) => {
          c.wallet_limits.personal[4].daily_total = 5000;
        },
        /personal.4.daily_total/,
      ],
      [
        (c) => {
          c.wallet_limits.personal[4].weekly_total = '1.00';
        },
        /weekly_total is not a known limit/,
      ],
      [
        (c) => {
          c.wallet_limits.personal[4].single_payment = '6000.00';
        },
        /single_payment <= daily_total/,
      ],
      [
        (c) => {
          delete c.wallet_limits.personal[3];
        },
        /personal.3 must be an object/,
      ],
      [
        (c) => {
          c.timezone = 'Europe/Paris';
        },
        /config.timezone/,
      ],
      [
        (c) => {
          c.operators = { max_operators: 5000 };
        },
        /max_operators/,
      ],
    ];
    for (const [mutate, message] of cases) {
      const doc = base();
      mutate(doc);
      expect(() => parseConfig(doc)).toThrow(ConfigError);
      expect(() => parseConfig(doc)).toThrow(message);
    }
  });

  test('an unreadable or malformed file is a clear error', () => {
    expect(() => loadConfig('/nonexistent/tongbao.json')).toThrow(/cannot read configuration/);
  });
});
