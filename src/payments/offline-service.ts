import type { Engine } from '../engine/index.ts';
import { TongbaoError } from '../errors/index.ts';
import {
  type Command,
  type CommandResult,
  type DeviceRecord,
  deviceKey,
  isPaymentValue,
  type PaymentValue,
  parseWalletId,
  voucherId,
} from '../ledger/index.ts';
import { type FraudAlertSink, fraudAlert } from './alerts.ts';
import { inlineSignatureChecker, type SignatureChecker, type SignatureItem } from './signature-check.ts';
import {
  type SignedVoucher,
  type StatementPurpose,
  statementBytes,
  voucherBytes,
  voucherDigest,
} from './voucher.ts';

/** Vouchers one upload may carry (a device syncs what it holds; a hard wallet holds few). */
export const VOUCHERS_PER_UPLOAD_MAX = 512;

export type UploadResult =
  | { readonly ok: true; readonly value: Extract<PaymentValue, { payment: 'voucher' }> }
  | { readonly ok: false; readonly code: string; readonly detail: string; readonly field?: string };

/**
 * Hard wallets online: registration, loads and unloads, syncs and voucher uploads. Signatures are
 * checked here, before the ledger (which does no crypto): a device statement must verify under the
 * device's key for its counter to be believed, and a voucher under the payer's key. A voucher that does
 * not verify was not made by the payer's secure element, so the device that uploaded it is blocked.
 * Fraud the ledger detects or this layer reports is raised as a supervision alert once durable.
 */
export class OfflinePayments {
  /** Highest fraud event raised as an alert, per device, in this process. */
  private readonly raised = new Map<string, number>();

  /** `signatures`: where SM2 checks run (a node passes a worker pool; tools check in their own thread). */
  constructor(
    readonly engine: Engine,
    private readonly alerts: FraudAlertSink | null,
    private readonly signatures: SignatureChecker = inlineSignatureChecker(),
  ) {}

  device(id: string): DeviceRecord {
    const device =
      parseWalletId(id) === null ? undefined : this.engine.state.payments.devices.get(deviceKey(id));
    if (device === undefined) throw new TongbaoError('device_not_found', `no device ${id}`, 'device');
    return device;
  }

  /** Checks a device statement (load, unload, sync) against the device's key. */
  async checkStatement(
    device: DeviceRecord,
    purpose: StatementPurpose,
    counter: number,
    amount: number,
    requestId: string,
    signature: string,
  ): Promise<void> {
    const bytes = statementBytes({ device: device.id, purpose, counter, amount, request_id: requestId });
    const [valid] = await this.signatures.check([{ public_key: device.public_key, bytes, signature }]);
    if (valid !== true)
      throw new TongbaoError(
        'device_statement_invalid',
        `the statement is not signed by device ${device.id}`,
        'signature',
      );
  }

  async move(
    purpose: 'load' | 'unload',
    id: string,
    device: string,
    amount: number,
    counter: number,
    signature: string,
  ): Promise<PaymentValue> {
    const d = this.device(device);
    await this.checkStatement(d, purpose, counter, amount, id, signature);
    return this.one({
      type: purpose === 'load' ? 'device_load' : 'device_unload',
      id,
      device,
      amount,
      counter,
    });
  }

  async sync(device: string, counter: number, signature: string): Promise<PaymentValue> {
    const d = this.device(device);
    await this.checkStatement(d, 'sync', counter, 0, '', signature);
    return this.one({ type: 'device_sync', device, counter });
  }

  async one(command: Command): Promise<PaymentValue> {
    const [result] = await this.engine.submit([command]);
    if (result === undefined) throw new Error('the engine returned no result');
    if (!result.ok) throw result.error;
    if (!isPaymentValue(result.value)) throw new Error(`${command.type} did not return a payments value`);
    return result.value;
  }

  /**
   * Settles vouchers uploaded by one device (its own, as payer or payee): every one once, whoever
   * uploads it first. Answers one result per voucher, in order.
   */
  async upload(uploader: string, vouchers: readonly SignedVoucher[]): Promise<UploadResult[]> {
    if (vouchers.length > VOUCHERS_PER_UPLOAD_MAX)
      throw new TongbaoError(
        'vouchers_too_many',
        `at most ${VOUCHERS_PER_UPLOAD_MAX} vouchers per upload`,
        'vouchers',
      );
    const by = this.device(uploader);
    const checked = await this.checkVouchers(by, vouchers);
    const commands: Command[] = [];
    const slots: Array<number | UploadResult> = [];
    for (const [i, v] of vouchers.entries()) {
      const refuse = (code: string, detail: string, field: string): void => {
        slots.push({ ok: false, code, detail, field: `vouchers/${i}/${field}` });
      };
      if (v.payer_device !== by.id && v.payee_device !== by.id) {
        refuse('voucher_invalid', 'a device uploads only vouchers it paid or received', 'payer_device');
        continue;
      }
      const payer =
        parseWalletId(v.payer_device) === null
          ? undefined
          : this.engine.state.payments.devices.get(deviceKey(v.payer_device));
      if (payer === undefined) {
        refuse('device_not_found', 'the payer device is not registered', 'payer_device');
        continue;
      }
      if (!(Number.isSafeInteger(v.counter) && v.counter >= 1)) {
        refuse('voucher_invalid', 'counter is a whole number from 1', 'counter');
        continue;
      }
      if (checked[i] === undefined) {
        // Registered while the signatures were being checked: not checked, so not judged either.
        refuse('device_not_found', 'the payer device is not registered', 'payer_device');
        continue;
      }
      if (!checked[i]) {
        // The payer's secure element did not sign this: whoever uploaded it made or accepted a forgery.
        slots.push(commands.length);
        commands.push({
          type: 'device_fraud',
          device: by.id,
          kind: 'forged_signature',
          voucher: voucherId(v.payer_device, v.counter),
          detail: `a voucher of ${v.payer_device} with counter ${v.counter} does not verify`,
        });
        continue;
      }
      slots.push(commands.length);
      commands.push({
        type: 'settle_voucher',
        id: voucherId(v.payer_device, v.counter),
        payer_device: v.payer_device,
        payee_device: v.payee_device,
        amount: v.amount,
        counter: v.counter,
        balance_after: v.balance_after,
        digest: voucherDigest(v),
        uploaded_by: by.id,
      });
    }
    const results: CommandResult[] = commands.length === 0 ? [] : await this.engine.submit(commands);
    const touched = new Set<string>();
    const out = slots.map((slot): UploadResult => {
      if (typeof slot !== 'number') return slot;
      const r = results[slot]!;
      const cmd = commands[slot]!;
      if (!r.ok)
        return {
          ok: false,
          code: r.error.code,
          detail: r.error.message,
          ...(r.error.field === undefined ? {} : { field: r.error.field }),
        };
      if (cmd.type === 'device_fraud') {
        touched.add(cmd.device);
        return {
          ok: false,
          code: 'voucher_forged',
          detail: 'the voucher signature does not verify; the uploading device is blocked',
          field: 'signature',
        };
      }
      const value = r.value as Extract<PaymentValue, { payment: 'voucher' }>;
      if (value.frauds.length > 0 && cmd.type === 'settle_voucher') touched.add(cmd.payer_device);
      return { ok: true, value };
    });
    await this.raiseAlerts([...touched]);
    return out;
  }

  /**
   * The signature check of each voucher whose payer is a registered device, all at once (off the main
   * thread when the checker is a pool); false or undefined for the rest, which upload refuses anyway.
   */
  private async checkVouchers(
    by: DeviceRecord,
    vouchers: readonly SignedVoucher[],
  ): Promise<Array<boolean | undefined>> {
    const items: SignatureItem[] = [];
    const at: number[] = [];
    for (const [i, v] of vouchers.entries()) {
      if (v.payer_device !== by.id && v.payee_device !== by.id) continue;
      const payer =
        parseWalletId(v.payer_device) === null
          ? undefined
          : this.engine.state.payments.devices.get(deviceKey(v.payer_device));
      if (payer === undefined) continue;
      items.push({ public_key: payer.public_key, bytes: voucherBytes(v), signature: v.signature });
      at.push(i);
    }
    const valid = await this.signatures.check(items);
    const out: Array<boolean | undefined> = new Array(vouchers.length);
    for (const [k, i] of at.entries()) out[i] = valid[k];
    return out;
  }

  /** Raises an alert for each fraud event of these devices not raised yet by this process. */
  async raiseAlerts(devices: readonly string[]): Promise<void> {
    if (this.alerts === null || devices.length === 0) return;
    const state = this.engine.state;
    const alerts = [];
    for (const id of devices) {
      const d = state.payments.devices.get(deviceKey(id));
      if (d === undefined) continue;
      const from = this.raised.get(id) ?? 0;
      for (const event of d.frauds) if (event.n > from) alerts.push(fraudAlert(state, d, event));
      this.raised.set(id, d.fraud_count);
    }
    await this.alerts.raise(alerts);
  }

  /** On start: raise again the kept fraud events of every device (idempotent), in case a crash lost some. */
  async raiseAll(): Promise<void> {
    const ids = [...this.engine.state.payments.devices.values()]
      .filter((d) => d.fraud_count > 0)
      .map((d) => d.id);
    await this.raiseAlerts(ids);
  }
}
