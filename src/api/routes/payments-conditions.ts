import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { TongbaoError } from '../../errors/index.ts';
import {
  type Command,
  type ConditionRecord,
  conditionKey,
  isPaymentValue,
  type PaymentValue,
  type RuleSpec,
  scheduleKey,
} from '../../ledger/index.ts';
import { presentCondition, presentSchedule } from '../../payments/present.ts';
import type { ApiContext } from '../context.ts';
import {
  ConditionAction,
  ConditionCreate,
  ConditionList,
  ConditionView,
  ScheduleCreate,
  ScheduleList,
  ScheduleView,
} from '../payments-schemas.ts';
import { ClientId, problemResponses as errors, WalletIdParams } from '../schemas.ts';

type Id = { Params: { id: string } };
const IdParams = Type.Object({ id: ClientId });

/** Times on the wire are ISO 8601; a malformed one is named by its field. */
export function timeOf(text: string, field: string): number {
  const ms = Date.parse(text);
  if (!Number.isFinite(ms))
    throw new TongbaoError('validation_failed', `${field} is not an ISO 8601 time`, field);
  return ms;
}

/** Turns the API's rule (wallet ids, ISO times) into the ledger's (times in ms); shape is checked by the ledger. */
function ruleOf(node: unknown, path: string): RuleSpec {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return node as RuleSpec;
  const entries = Object.entries(node as Record<string, unknown>);
  if (entries.length !== 1) return node as RuleSpec;
  const [key, value] = entries[0]!;
  if (key === 'after' && typeof value === 'string') return { after: timeOf(value, `${path}/after`) };
  if ((key === 'all' || key === 'any') && Array.isArray(value))
    return { [key]: value.map((v, i) => ruleOf(v, `${path}/${key}/${i}`)) } as unknown as RuleSpec;
  return node as RuleSpec;
}

async function submit(ctx: ApiContext, command: Command): Promise<PaymentValue> {
  const [r] = await ctx.engine.submit([command]);
  if (r === undefined) throw new Error('the engine returned no result');
  if (!r.ok) throw r.error;
  if (!isPaymentValue(r.value)) throw new Error(`${command.type} returned no payments value`);
  return r.value;
}

/**
 * Programmable money (escrow, prepaid custody, purpose-bound grants) and scheduled payments. Every
 * creation and action is written to the audit log before it runs and with its outcome after.
 */
export function conditionRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { engine, guard, security } = ctx;
  const condition = (request: FastifyRequest, id: string): ConditionRecord => {
    const c = engine.state.payments.conditions.get(conditionKey(id));
    if (c === undefined) throw new TongbaoError('condition_not_found', `no condition ${id}`, 'id');
    guard.check(request, { kind: 'parties', debit: c.from, credit: c.to }, 'id');
    return c;
  };
  const conditionView = (id: string) =>
    engine.read((s) => presentCondition(s, s.payments.conditions.get(conditionKey(id))!));

  app.post<{ Body: ConditionCreate }>(
    '/v1/conditions',
    {
      config: { permission: 'conditions.create' },
      schema: {
        tags: ['programmable money'],
        summary: 'Put funds under a condition: escrow, prepaid custody or a purpose-bound grant',
        description:
          'escrow: released to `to` when `release` holds, else back to `from` at the deadline. prepaid: released to the merchant `to` per service the customer `from` confirms; the rest returns on cancellation or at the deadline. ' +
          'grant: `to` may spend it only at merchants whose profile matches `mcc` or `regions` until the deadline, when the rest returns to the issuer `from`. Idempotent by id.',
        body: ConditionCreate,
        response: { 200: ConditionView, 201: ConditionView, ...errors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      guard.check(request, { kind: 'payers', items: [b] }, 'from');
      const currency = b.currency ?? engine.config.currencies[0]!.code;
      const command: Command = {
        type: 'create_condition',
        id: b.id,
        kind: b.kind,
        from: b.from,
        to: b.to,
        amount: ctx.commands.amount(b.amount, currency, 'amount'),
        currency,
        deadline: timeOf(b.deadline, 'deadline'),
        release: b.release === undefined ? null : ruleOf(b.release, 'release'),
        unit_amount:
          b.unit_amount === undefined ? 0 : ctx.commands.amount(b.unit_amount, currency, 'unit_amount'),
        mcc: b.mcc ?? [],
        regions: b.regions ?? [],
        memo: b.memo ?? null,
      };
      const value = await security.act(
        guard.actor(request),
        `condition.create`,
        `condition:${b.id}`,
        { kind: b.kind, from: b.from, to: b.to, amount: b.amount },
        () => submit(ctx, command),
        () => ({}),
      );
      const replayed = 'replayed' in value && value.replayed;
      return reply.code(replayed ? 200 : 201).send(await conditionView(b.id));
    },
  );

  app.get<Id>(
    '/v1/conditions/:id',
    {
      config: { permission: 'conditions.read' },
      schema: {
        tags: ['programmable money'],
        summary: 'A condition: its terms, what it holds, its history',
        params: IdParams,
        response: { 200: ConditionView, ...errors },
      },
    },
    async (request) => {
      const c = condition(request, request.params.id);
      await guard.read(request, 'condition.read', `condition:${c.id}`);
      return conditionView(c.id);
    },
  );

  app.get<Id>(
    '/v1/wallets/:id/conditions',
    {
      config: { permission: 'conditions.read' },
      schema: {
        tags: ['programmable money'],
        summary: 'Conditions a wallet funds or benefits from',
        params: WalletIdParams,
        response: { 200: ConditionList, ...errors },
      },
    },
    async (request) => {
      const num = guard.wallet(request, request.params.id);
      await guard.read(request, 'condition.list', `wallet:${request.params.id}`);
      return engine.read((s) => ({
        conditions: (s.payments.conditionsByWallet.get(num) ?? []).map((k) =>
          presentCondition(s, s.payments.conditions.get(k)!),
        ),
      }));
    },
  );

  for (const action of ['approve', 'release', 'spend', 'cancel'] as const) {
    app.post<Id & { Body: ConditionAction }>(
      `/v1/conditions/:id/${action}`,
      {
        config: { permission: 'conditions.act' },
        schema: {
          tags: ['programmable money'],
          summary: {
            approve: 'Approve an escrow as a wallet its rule names (releases it when the rule then holds)',
            release: 'Confirm a prepaid service delivered: release its price (or `amount`) to the merchant',
            spend: 'Spend grant funds at an allowed merchant (`to`)',
            cancel:
              "Give the funds back: the escrow's payee, either side of a prepayment, or a grant's issuer",
          }[action],
          params: IdParams,
          body: ConditionAction,
          response: { 200: ConditionView, ...errors },
        },
      },
      async (request) => {
        const b = request.body;
        const c = engine.state.payments.conditions.get(conditionKey(request.params.id));
        if (c === undefined)
          throw new TongbaoError('condition_not_found', `no condition ${request.params.id}`, 'id');
        guard.wallet(request, b.by, 'by');
        const amount = b.amount === undefined ? null : ctx.commands.amount(b.amount, c.currency, 'amount');
        await security.act(
          guard.actor(request),
          `condition.${action}`,
          `condition:${c.id}`,
          {
            by: b.by,
            ...(b.amount === undefined ? {} : { amount: b.amount }),
            ...(b.to === undefined ? {} : { to: b.to }),
          },
          () =>
            submit(ctx, {
              type: 'condition_action',
              id: b.id,
              condition: c.id,
              action,
              by: b.by,
              amount,
              to: b.to ?? null,
            }),
          () => ({}),
        );
        return conditionView(c.id);
      },
    );
  }

  app.post<{ Body: ScheduleCreate }>(
    '/v1/schedules',
    {
      config: { permission: 'schedules.manage' },
      schema: {
        tags: ['programmable money'],
        summary: 'Schedule a payment, once or recurring (every n days, weeks or months)',
        description:
          'Each run is an ordinary transfer under id sch/<id>/<run>; a refused run is skipped and three in a row suspend the schedule.',
        body: ScheduleCreate,
        response: { 200: ScheduleView, 201: ScheduleView, ...errors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      guard.check(request, { kind: 'payers', items: [b] }, 'from');
      const currency = b.currency ?? engine.config.currencies[0]!.code;
      const value = await security.act(
        guard.actor(request),
        'schedule.create',
        `schedule:${b.id}`,
        { from: b.from, to: b.to, amount: b.amount },
        () =>
          submit(ctx, {
            type: 'create_schedule',
            id: b.id,
            from: b.from,
            to: b.to,
            amount: ctx.commands.amount(b.amount, currency, 'amount'),
            currency,
            first_at: timeOf(b.first_at, 'first_at'),
            unit: b.every?.unit ?? null,
            every: b.every?.n ?? 0,
            count: b.every === undefined ? 0 : (b.count ?? 0),
            until: b.until === undefined ? 0 : timeOf(b.until, 'until'),
            memo: b.memo ?? null,
          }),
        () => ({}),
      );
      const replayed = 'replayed' in value && value.replayed;
      return reply
        .code(replayed ? 200 : 201)
        .send(await engine.read((s) => presentSchedule(s, s.payments.schedules.get(scheduleKey(b.id))!)));
    },
  );

  const schedule = (request: FastifyRequest, id: string) => {
    const s = engine.state.payments.schedules.get(scheduleKey(id));
    if (s === undefined) throw new TongbaoError('schedule_not_found', `no schedule ${id}`, 'id');
    guard.check(request, { kind: 'parties', debit: s.from, credit: s.to }, 'id');
    return s;
  };

  app.get<Id>(
    '/v1/schedules/:id',
    {
      config: { permission: 'schedules.read' },
      schema: {
        tags: ['programmable money'],
        summary: 'A scheduled payment and how its runs went',
        params: IdParams,
        response: { 200: ScheduleView, ...errors },
      },
    },
    async (request) => {
      const s = schedule(request, request.params.id);
      await guard.read(request, 'schedule.read', `schedule:${s.id}`);
      return engine.read((st) => presentSchedule(st, s));
    },
  );

  app.get<Id>(
    '/v1/wallets/:id/schedules',
    {
      config: { permission: 'schedules.read' },
      schema: {
        tags: ['programmable money'],
        summary: "A wallet's scheduled payments, out and in",
        params: WalletIdParams,
        response: { 200: ScheduleList, ...errors },
      },
    },
    async (request) => {
      const num = guard.wallet(request, request.params.id);
      await guard.read(request, 'schedule.list', `wallet:${request.params.id}`);
      return engine.read((s) => ({
        schedules: (s.payments.schedulesByWallet.get(num) ?? []).map((k) =>
          presentSchedule(s, s.payments.schedules.get(k)!),
        ),
      }));
    },
  );

  app.post<Id>(
    '/v1/schedules/:id/cancel',
    {
      config: { permission: 'schedules.manage' },
      schema: {
        tags: ['programmable money'],
        summary: 'Cancel a schedule (runs already made stay made)',
        params: IdParams,
        response: { 200: ScheduleView, ...errors },
      },
    },
    async (request) => {
      const s = engine.state.payments.schedules.get(scheduleKey(request.params.id));
      if (s === undefined)
        throw new TongbaoError('schedule_not_found', `no schedule ${request.params.id}`, 'id');
      guard.check(request, { kind: 'account', num: s.from }, 'id');
      await security.act(
        guard.actor(request),
        'schedule.cancel',
        `schedule:${s.id}`,
        {},
        () => submit(ctx, { type: 'cancel_schedule', schedule: s.id }),
        () => ({}),
      );
      return engine.read((st) => presentSchedule(st, s));
    },
  );
}
