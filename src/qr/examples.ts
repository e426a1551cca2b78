/**
 * Published payloads the codec is tested against, typed in by hand with the checksum their source prints.
 */

/**
 * The worked example of EMV QRCPS Merchant-Presented Mode (appendix of examples): a dynamic code with two
 * merchant account templates (29, 31), a tip prompt, the Chinese language template and an unreserved
 * template 91. Its data objects are not in ID order, which EMV allows. Transcribed as the spec prints it
 * and as independent implementations carry it in their test suites (exemvi, StandardizedQR,
 * dongri/emv-qrcode), checksum A13A included.
 */
export const SPEC_EXAMPLE =
  '00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A';

/** Singapore PayNow (SGQR), from Odoo's l10n_sg test suite (addons/l10n_sg/tests/test_l10n_sg_emv_qr.py). */
export const PAYNOW_ODOO =
  '00020101021226400009SG.PAYNOW010120213200002150HWCF0301052040000530370254031005802SG5914company_1_data6009Singapore62170113INV/TEST/0001630416C8';

/** Hong Kong FPS, from Odoo's l10n_hk test suite (addons/l10n_hk/tests/test_l10n_hk_emv_qr.py). */
export const FPS_ODOO = [
  '00020101021226330012hk.com.hkicl0313+852-6789123452040000530334454031005802HK5914company_1_data6002HK62170513INV/TEST/00016304A154',
  '00020101021226330012hk.com.hkicl0313+852-678912345204000053033445405100.55802HK5914company_1_data6002HK62170513INV/TEST/000263049E64',
] as const;

/**
 * Thai PromptPay person-to-person codes, from dtinth/promptpay-qr (index.test.js). PromptPay leaves out the
 * merchant category code, name and city that EMV makes mandatory, so they check the checksum, not acceptance.
 */
export const PROMPTPAY_DTINTH = [
  '00020101021129370016A000000677010111011300668012345675802TH530376463046197',
  '00020101021129370016A000000677010111021311111111111115802TH530376463047B5A',
  '00020101021229370016A000000677010111011300660000000005802TH530376454044.226304E469',
] as const;
