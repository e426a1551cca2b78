import Type from 'typebox';
import { HOLDING_KINDS, STATS_STREAM_EVENTS_MAX } from '../../stats/index.ts';

/** Schemas of /v1/live: the live dashboard's figures (src/stats). */
const Amount = Type.String({ description: 'Decimal string in the currency unit, e.g. "1200.00"' });

export const LiveStatsView = Type.Object({
  at: Type.String({ format: 'date-time' }),
  committed_seq: Type.Integer(),
  lag_rows: Type.Integer({ description: 'Committed rows the statistics have not read yet' }),
  rates: Type.Object({
    window_s: Type.Integer({ description: 'The "now" rates average this many complete seconds' }),
    payments_per_s: Type.Number(),
    value_per_s: Amount,
    series: Type.Object(
      {
        start_s: Type.Integer({ description: 'Unix second of the first point' }),
        count: Type.Array(Type.Integer(), { description: 'Payments committed in each second' }),
        value_fen: Type.Array(Type.Integer(), { description: 'Their value in minor units (exact integers)' }),
      },
      { description: 'One point per second, oldest first, ending with the last complete second' },
    ),
  }),
  books: Type.Object({
    as_of_seq: Type.Integer(),
    currency: Type.String(),
    balanced: Type.Boolean({ description: 'Every operator and the central bank balance' }),
    operators: Type.Array(
      Type.Object({
        operator_id: Type.String(),
        name: Type.String(),
        currency: Type.String(),
        in_circulation: Amount,
        vault: Amount,
        outstanding: Amount,
        balanced: Type.Boolean(),
      }),
    ),
    central_bank: Type.Array(
      Type.Object({
        currency: Type.String(),
        outstanding: Amount,
        operators_total: Amount,
        balanced: Type.Boolean(),
      }),
    ),
    by_holding: Type.Array(
      Type.Object({
        kind: Type.Union(HOLDING_KINDS.map((k) => Type.Literal(k))),
        amount: Amount,
        wallets: Type.Integer(),
      }),
    ),
    in_circulation: Amount,
  }),
  supervision: Type.Union(
    [
      Type.Object({
        open_alerts: Type.Integer(),
        open_by_typology: Type.Record(Type.String(), Type.Integer()),
        alerts_in_case: Type.Integer(),
        cases_open: Type.Integer(),
        cases_escalated: Type.Integer(),
        screening_pending: Type.Integer(),
        large_value_today: Type.Integer(),
        large_value_days: Type.Array(Type.Object({ date: Type.String(), total: Type.Integer() })),
      }),
      Type.Null(),
    ],
    { description: 'Alert, case and report counts; null for roles that may not read supervision data' },
  ),
});

export const StreamQuery = Type.Object(
  {
    max_events: Type.Optional(
      Type.String({
        pattern: '^[0-9]{1,5}$',
        description: `A stream closes after this many updates (1-${STATS_STREAM_EVENTS_MAX}), e.g. for scripts`,
      }),
    ),
  },
  { additionalProperties: false },
);
