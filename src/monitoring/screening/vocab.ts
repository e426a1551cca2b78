/**
 * Words that say little about who someone is. They are kept for the explanation but weighted down or
 * ignored in scoring, because "Golden Star Trading Co., Ltd." and "Golden Sun Trading Co., Ltd." share
 * most of their words and none of their identity. Lists are space-separated strings to stay readable.
 */

function words(list: string): ReadonlySet<string> {
  return new Set(list.trim().split(/\s+/));
}

/** `a=b` pairs; underscores in the value stand for spaces. */
function pairs(list: string): ReadonlyMap<string, string> {
  const map = new Map<string, string>();
  for (const pair of list.trim().split(/\s+/)) {
    const [key, value] = pair.split('=');
    if (key !== undefined && value !== undefined) map.set(key, value.replaceAll('_', ' '));
  }
  return map;
}

/** Legal-form words dropped wherever they stand. */
export const LEGAL_FORMS_ANYWHERE = words(`
  ltd limited llc llp plc inc incorporated corp corporation co company gmbh mbh pte pty ltda bhd sdn
  jsc pjsc ojsc cjsc ooo zao oao pao srl sarl spa bv kft liability joint stock societe anonyme sociedad
  anonima sociedade`);

/** Legal-form abbreviations that are also ordinary syllables, dropped only as a name's last word. */
export const LEGAL_FORMS_AT_END = words('sa ag ab as nv oy kg sl sas lp tbk se kk');

/** Legal forms written in front of the name (Indonesian PT Maju Jaya). */
export const LEGAL_FORMS_AT_START = words('pt');

/** Connectives with no weight at all. */
export const STOP_WORDS = words('and the of und et for');

/** Courtesy and religious titles dropped from the start of a name. */
export const TITLES = words('mr mrs ms miss dr prof sir dame sheikh shaikh sheik haji hajji');

/** Name particles and generational suffixes: part of a name, weak evidence on their own. */
export const PARTICLES = words(`
  al el bin ben ibn bint van von der den de da di du del della dos das do le la des jr sr ii iii`);

/** Industry, place and generic company words, each mapped to one spelling. */
export const DESCRIPTORS = pairs(`
  international=international intl=international trading=trading trade=trading traders=trading
  commerce=trading commercial=trading import=import export=export group=group holding=holdings
  holdings=holdings industrial=industrial industries=industrial industry=industrial
  technology=technology technologies=technology tech=technology investment=investment
  investments=investment development=development logistics=logistics energy=energy mining=mining
  electronics=electronics electronic=electronics shipping=shipping chemical=chemical
  chemicals=chemical construction=construction engineering=engineering consulting=consulting
  consultancy=consulting finance=finance financial=finance services=services service=services
  management=management enterprise=enterprise enterprises=enterprise global=global worldwide=global
  general=general petroleum=petroleum machinery=machinery equipment=equipment network=network
  information=information transport=transport transportation=transport
  bank=bank supply=supply chain=chain china=china hongkong=hongkong
  hk=hongkong shanghai=shanghai beijing=beijing shenzhen=shenzhen guangzhou=guangzhou
  tianjin=tianjin macau=macau`);

/** Chinese legal forms, longest first so that 股份有限公司 wins over 有限公司. */
export const HAN_LEGAL_FORMS: readonly string[] = `
  有限责任公司 股份有限公司 有限公司 分公司 总公司 公司 有限责任 合伙企业 商行`
  .trim()
  .split(/\s+/);

/** Chinese industry and generic words with the English a romanised name would use. */
export const HAN_DESCRIPTORS = pairs(`
  进出口=import_export 供应链=supply_chain 国际=international 贸易=trading 商贸=trading
  实业=industrial 投资=investment 控股=holdings 集团=group 科技=technology 技术=technology
  发展=development 物流=logistics 能源=energy 矿业=mining 电子=electronics 航运=shipping
  船舶=shipping 化工=chemical 建设=construction 工程=engineering 咨询=consulting 金融=finance
  银行=bank 石油=petroleum 工业=industrial 机械=machinery 设备=equipment 网络=network
  信息=information 管理=management 服务=services`);

/** Places that open or bracket Chinese company names, with their usual English. */
export const HAN_PLACES = pairs(`
  中国=china 香港=hongkong 澳门=macau 北京=beijing 上海=shanghai 天津=tianjin 重庆=chongqing
  广州=guangzhou 深圳=shenzhen 广东=guangdong 江苏=jiangsu 浙江=zhejiang 福建=fujian 山东=shandong
  河北=hebei 河南=henan 湖北=hubei 湖南=hunan 四川=sichuan 辽宁=liaoning 吉林=jilin
  黑龙江=heilongjiang 安徽=anhui 江西=jiangxi 山西=shanxi 陕西=shaanxi 云南=yunnan 贵州=guizhou
  海南=hainan 甘肃=gansu 青海=qinghai 广西=guangxi 内蒙古=inner_mongolia 西藏=tibet 宁夏=ningxia
  新疆=xinjiang 台湾=taiwan 杭州=hangzhou 南京=nanjing 苏州=suzhou 武汉=wuhan 成都=chengdu
  厦门=xiamen 大连=dalian 青岛=qingdao 宁波=ningbo 丹东=dandong 珠海=zhuhai 东莞=dongguan`);

/** Two-character Chinese surnames; the rest of a 2-4 character name is the given name. */
export const HAN_COMPOUND_SURNAMES = words(`
  欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 端木 南宫 西门 独孤
  澹台 呼延 申屠 太史 闻人 万俟`);
