import type { FastifyInstance } from 'fastify';
import { storeAlertSink } from '../../payments/alerts.ts';
import { OfflinePayments } from '../../payments/offline-service.ts';
import { SignatureCheckPool } from '../../payments/signature-check.ts';
import type { ApiContext } from '../context.ts';
import { conditionRoutes } from './payments-conditions.ts';
import { deviceRoutes } from './payments-devices.ts';
import { qrRoutes } from './payments-qr.ts';

/**
 * The payments routes (issue 6, docs/payments.md): hard wallets and offline vouchers, programmable money,
 * scheduled payments, merchant QR codes and sub-wallets. Offline fraud becomes supervision alerts; on
 * start the alerts of fraud already recorded are raised again (idempotently), in case a crash came
 * between a settlement and its alert.
 */
export async function paymentRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  // Voucher uploads check their SM2 signatures on a worker pool, so they never hold the event loop.
  const signatures = new SignatureCheckPool();
  app.addHook('onClose', async () => signatures.close());
  const offline = new OfflinePayments(ctx.engine, storeAlertSink(ctx.engine.store), signatures);
  await offline.raiseAll();
  deviceRoutes(app, ctx, offline);
  conditionRoutes(app, ctx);
  qrRoutes(app, ctx);
}
